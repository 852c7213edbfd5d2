using Microsoft.AspNetCore.Identity;

namespace Rectify.Web.Identity;

/// <summary>A person who signs in. Roles (管理员/领导/支部书记) are Identity roles; see <see cref="Roles"/>.</summary>
public sealed class AppUser : IdentityUser
{
    public const int DisplayNameMaxLength = 50;

    /// <summary>The name shown in the UI and in mails (e.g. 张明).</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>The organisation the user belongs to (a secretary's branch).</summary>
    public int? OrganizationId { get; set; }

    /// <summary>党组书记: a leader who sees everything, not only the branches assigned to them.</summary>
    public bool IsTopLeader { get; set; }

    /// <summary>Deactivated users cannot sign in; their history stays.</summary>
    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Optional 即将到期/今日到期 reminder mail (overdue and sign-off mail cannot be turned off).</summary>
    public bool ReceiveDueSoonMail { get; set; } = true;

    /// <summary>Optional monthly 整改通报 summary mail for leaders.</summary>
    public bool ReceiveSummaryMail { get; set; } = true;
}
