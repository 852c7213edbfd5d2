using System.ComponentModel.DataAnnotations;
using Rectify.Domain.Bulletins;

namespace Rectify.Web.Bulletins;

/// <summary>The "Bulletins" section: the 督查通报's cadence and how its number (文号) and heading read.</summary>
public sealed class BulletinOptions
{
    public const string Section = "Bulletins";

    /// <summary>Monthly or Quarterly: which period the scheduled job (Jobs:Bulletin) reports on.</summary>
    public BulletinCadence Cadence { get; set; } = BulletinCadence.Monthly;

    /// <summary>The part of the 文号 before 〔year〕, e.g. 民党建督 → 民党建督〔2026〕3号.</summary>
    [Required, StringLength(40, MinimumLength = 1)]
    public string NumberPrefix { get; set; } = "党建督查";

    /// <summary>The issuing organisation named at the top of the document; empty means the root of the organisation tree.</summary>
    [StringLength(100)]
    public string? IssuerName { get; set; }
}
