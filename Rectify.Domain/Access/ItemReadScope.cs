namespace Rectify.Domain.Access;

/// <summary>
/// Which items an actor may read, in a form a query can use: everything, or items whose responsible
/// organisation is in <see cref="OrganizationIds"/>, or items naming <see cref="UserId"/> as owner,
/// responsible leader or measure owner.
/// </summary>
public sealed record ItemReadScope(bool All, IReadOnlySet<int> OrganizationIds, string UserId);
