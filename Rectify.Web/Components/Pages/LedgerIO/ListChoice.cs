namespace Rectify.Web.Components.Pages.LedgerIO;

public sealed record ListChoice(Guid Id, string Title, ProblemSource Source, DateOnly Date);
