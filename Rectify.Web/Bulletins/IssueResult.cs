using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rectify.Domain.Access;
using Rectify.Domain.Bulletins;
using Rectify.Domain.Ledger;
using Rectify.Web.Data;
using Rectify.Web.Identity;
using Rectify.Web.Jobs;
using Rectify.Web.Ledger;
using Rectify.Web.Localization;
using Rectify.Web.Mail;
using Rectify.Web.Overview;

namespace Rectify.Web.Bulletins;

/// <summary>The outcome of issuing: the bulletin, and whether this call issued it (false: it existed already for that period).</summary>
public sealed record IssueResult(Bulletin Bulletin, bool Issued);
