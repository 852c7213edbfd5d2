namespace Rectify.Web.Data.Configurations;

/// <summary>包抓: a leader is assigned to organisations (and so to their descendants).</summary>
public sealed class LeaderAssignment
{
    public string UserId { get; set; } = "";

    public int OrganizationId { get; set; }
}
