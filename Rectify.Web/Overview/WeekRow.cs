namespace Rectify.Web.Overview;

/// <summary>A week (Monday to Sunday): items created (立项) and items closed (销号) in it.</summary>
public sealed record WeekRow(DateOnly Start, DateOnly End, int New, int Closed);
