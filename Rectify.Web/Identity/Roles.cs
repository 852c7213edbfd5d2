namespace Rectify.Web.Identity;

/// <summary>Role names as stored; the UI shows them in Chinese through the localizer.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Leader = "Leader";
    public const string Secretary = "Secretary";

    public static readonly IReadOnlyList<string> All = [Admin, Leader, Secretary];
}
