namespace Rectify.Web.Components.Pages.LedgerIO;

public sealed record OrganizationChoice(int Id, string Name, bool IsActive);
