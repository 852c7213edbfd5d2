namespace Rectify.Web.Bulletins;

/// <summary>One listed item: for overdue items <see cref="Days"/> is days overdue; for closed ones <see cref="ClosedOn"/> is set.</summary>
public sealed record BulletinItem(
    string Number,
    string Description,
    string Organization,
    string Owner,
    string Leader,
    DateOnly? Deadline,
    int? Days,
    DateOnly? ClosedOn);
