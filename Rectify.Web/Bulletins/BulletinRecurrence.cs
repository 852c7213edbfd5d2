namespace Rectify.Web.Bulletins;

/// <summary>A listed 屡查屡犯 problem: the item marked as a recurrence, its 责任单位, and the number of the earlier item it repeats.</summary>
public sealed record BulletinRecurrence(
    string Number,
    string Description,
    string Organization,
    string EarlierNumber);
