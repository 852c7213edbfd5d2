using Rectify.Domain.Bulletins;

namespace Rectify.Web.Bulletins;

/// <summary>
/// An issued 督查通报: its number (文号), period, the figures as they were at issue (JSON, <see cref="BulletinFigures"/>) and the
/// .docx itself. Frozen: nothing changes a bulletin after it is issued, so a later change to the ledger does not alter a
/// document leaders already received. One per cadence and period (a rerun of the job issues nothing new).
/// </summary>
public sealed class Bulletin
{
    public const int NumberMaxLength = 100;
    public const int TitleMaxLength = 200;

    private Bulletin()
    {
        Number = Title = FiguresJson = "";
        Document = [];
    }

    public Guid Id { get; private set; }

    public BulletinCadence Cadence { get; private set; }

    public DateOnly PeriodStart { get; private set; }

    public DateOnly PeriodEnd { get; private set; }

    /// <summary>The year of the 文号 and its running number in that year (〔2026〕3号).</summary>
    public int Year { get; private set; }

    public int Sequence { get; private set; }

    public string Number { get; private set; }

    public string Title { get; private set; }

    /// <summary>The day the figures were taken ("截至…").</summary>
    public DateOnly AsOf { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }

    /// <summary>The user who issued it from the overview, or null when the scheduled job did.</summary>
    public string? IssuedByUserId { get; private set; }

    public string FiguresJson { get; private set; }

    public byte[] Document { get; private set; }

    public BulletinPeriod Period => new(Cadence, PeriodStart, PeriodEnd);

    public static Bulletin Issue(BulletinPeriod period, int sequence, string number, string title, DateOnly asOf, DateTimeOffset issuedAt, string? issuedBy, string figuresJson, byte[] document)
    {
        ArgumentNullException.ThrowIfNull(period);
        return new Bulletin
        {
            Id = Guid.NewGuid(),
            Cadence = period.Cadence,
            PeriodStart = period.Start,
            PeriodEnd = period.End,
            Year = asOf.Year,
            Sequence = sequence,
            Number = number,
            Title = title,
            AsOf = asOf,
            IssuedAt = issuedAt,
            IssuedByUserId = issuedBy,
            FiguresJson = figuresJson,
            Document = document,
        };
    }
}
