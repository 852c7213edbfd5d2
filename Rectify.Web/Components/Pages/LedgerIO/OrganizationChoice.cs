using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Web.Data;
using Rectify.Web.Identity;
using Rectify.Web.Ledger;
using Rectify.Web.LedgerIO;

namespace Rectify.Web.Components.Pages.LedgerIO;

public sealed record OrganizationChoice(int Id, string Name, bool IsActive);
