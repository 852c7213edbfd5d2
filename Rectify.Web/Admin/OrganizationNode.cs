using Microsoft.EntityFrameworkCore;
using Rectify.Domain;
using Rectify.Domain.Access;
using Rectify.Domain.Organizations;
using Rectify.Web.Auditing;
using Rectify.Web.Data;
using Rectify.Web.Ledger;
using Rectify.Web.Localization;

namespace Rectify.Web.Admin;

/// <summary>One organisation as the administration tree shows it: in tree order, with its depth.</summary>
public sealed record OrganizationNode(int Id, string Name, OrganizationLevel Level, int? ParentId, bool IsActive, int Depth, int MemberCount);
