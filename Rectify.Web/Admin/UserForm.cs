using Microsoft.AspNetCore.Identity;
using Rectify.Web.Data.Configurations;

namespace Rectify.Web.Admin;

/// <summary>What an administrator enters for a user (the page binds to it). <see cref="Password"/> is used on creation only.</summary>
public sealed class UserForm
{
    public string UserName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string? Email { get; set; }

    /// <summary>Optional mobile number: group robots @-mention the person by it where the platform can (钉钉, 企业微信 text).</summary>
    public string? Mobile { get; set; }

    public int? OrganizationId { get; set; }
    public bool IsAdmin { get; set; }
    public bool IsLeader { get; set; }
    public bool IsSecretary { get; set; }
    public bool IsTopLeader { get; set; }
    public string Password { get; set; } = "";

    public IReadOnlyList<string> SelectedRoles() =>
        Roles.All.Where(r => r switch { Roles.Admin => IsAdmin, Roles.Leader => IsLeader, _ => IsSecretary }).ToList();

    public static UserForm From(UserRow row) => new()
    {
        UserName = row.UserName,
        DisplayName = row.DisplayName,
        Email = row.Email,
        Mobile = row.Mobile,
        OrganizationId = row.OrganizationId,
        IsAdmin = row.Roles.Contains(Roles.Admin),
        IsLeader = row.Roles.Contains(Roles.Leader),
        IsSecretary = row.Roles.Contains(Roles.Secretary),
        IsTopLeader = row.IsTopLeader,
    };
}
