namespace Rectify.Domain.Ledger;

/// <summary>问题类别. Free text (≤50 characters); these are offered first.</summary>
public static class Categories
{
    public static IReadOnlyList<string> Suggested { get; } =
        ["理论学习", "组织生活", "作风建设", "党风廉政", "责任落实", "意识形态", "队伍建设", "创新载体", "其他"];
}
