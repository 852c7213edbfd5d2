using Microsoft.EntityFrameworkCore;
using Rectify.Web.Data;
using Rectify.Web.Identity;

namespace Rectify.Web.Ledger;

public sealed record PersonOption(string Id, string DisplayName, string UserName, int? OrganizationId, bool IsActive);
