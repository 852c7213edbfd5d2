namespace Rectify.Web.Ledger;

public sealed record PersonOption(string Id, string DisplayName, string UserName, int? OrganizationId, bool IsActive);
