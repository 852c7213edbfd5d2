using Microsoft.AspNetCore.Identity;
using Rectify.Web.Data.Configurations;

namespace Rectify.Web.Admin;

public sealed record UserRow(
    string Id,
    string UserName,
    string DisplayName,
    string? Email,
    IReadOnlyList<string> Roles,
    int? OrganizationId,
    string? OrganizationName,
    bool IsTopLeader,
    bool IsActive,
    bool IsLockedOut,
    IReadOnlyList<int> AssignedOrganizationIds,
    string? Mobile = null);
