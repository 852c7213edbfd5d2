using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Access;
using Rectify.Web.Auditing;
using Rectify.Web.Data;
using Rectify.Web.Data.Configurations;
using Rectify.Web.Identity;
using Rectify.Web.Ledger;
using Rectify.Web.Localization;

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
    IReadOnlyList<int> AssignedOrganizationIds);
