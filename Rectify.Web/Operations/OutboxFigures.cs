namespace Rectify.Web.Operations;

public sealed record OutboxFigures(long Due, double OldestDueAgeSeconds, long Failed);
