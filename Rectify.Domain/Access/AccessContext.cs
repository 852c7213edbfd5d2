using Rectify.Domain.Organizations;

namespace Rectify.Domain.Access;

/// <summary>
/// Who is acting and the organisation tree their scope is computed against; built once per request and
/// passed to every aggregate method that checks permissions.
/// </summary>
public sealed record AccessContext(Actor Actor, OrganizationTree Organizations);
