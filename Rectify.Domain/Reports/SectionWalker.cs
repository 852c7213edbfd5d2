namespace Rectify.Domain.Reports;

/// <summary>
/// Walks the report line by line, follows its headings, and collects the paragraphs of the problems, cause and
/// next-steps parts into blocks of their kind. The 履职 part and closing lines are dropped here.
/// </summary>
internal sealed class SectionWalker
{
    private enum Mode { Other, Problems, Cause, Measures, Closing }

    // How the section we are in was opened; decides whether a later 一、 line is a sibling heading
    // (when the sections are numbered 一、二、三、) or an entry (when they have bare or 第X部分 headings).
    private enum Opener { None, Part, CnComma, Bare }

    private readonly List<Block> _blocks = [];
    private Mode _mode = Mode.Other;
    private Opener _opener = Opener.None;
    private bool _causeByLead;
    private bool _causeHasOwnList;
    private Block? _current;
    private Block? _lastProblems;

    public IReadOnlyList<Block> Blocks => _blocks;

    public bool FoundProblems { get; private set; }

    public void Feed(string line)
    {
        line = line.Trim();
        if (line.Length == 0)
        {
            return;
        }

        if (TryHeading(line, out var kind, out var body))
        {
            Enter(kind);
            Feed(body);
            return;
        }

        if (HeadingRules.IsClosingLeadAt(line, 0))
        {
            _mode = Mode.Closing;
            return;
        }

        switch (_mode)
        {
            case Mode.Problems:
                FeedProblems(line);
                break;
            case Mode.Cause:
                FeedCause(line);
                break;
            case Mode.Measures:
                FeedCollected(line);
                break;
            default:
                // 履职 part, text after closing lines: not collected.
                break;
        }
    }

    private void FeedProblems(string line)
    {
        if (HeadingRules.IsCauseLeadAt(line, 0))
        {
            EnterCauseByLead();
            FeedCause(line);
            return;
        }

        // "…不同程度存在。产生问题的原因：一是…" — the cause analysis starts mid-paragraph.
        for (var i = 1; i < line.Length; i++)
        {
            if (Markers.IsMarkerPosition(line, i) && line[i - 1] != ' ' && HeadingRules.IsCauseLeadAt(line, i))
            {
                FeedCollected(line[..i]);
                EnterCauseByLead();
                FeedCause(line[i..]);
                return;
            }
        }

        FeedCollected(line);
    }

    /// <summary>
    /// Cause text is collected as causes, except when a cause paragraph interrupts the problem list: a marker that
    /// continues the problems' numbering (problem 一是, its 原因是…, then 二是…) resumes the problems.
    /// Once the cause text starts its own list (一是 again), nothing in it resumes the problems.
    /// </summary>
    private void FeedCause(string line)
    {
        if (_causeByLead && !_causeHasOwnList && _lastProblems is not null
            && EntrySplitter.Numbering(_lastProblems.Paragraphs) is ({ } kind, > 0 and var last))
        {
            foreach (var marker in Markers.FindAll(line))
            {
                if (marker.Kind == kind && marker.Ordinal == 1)
                {
                    _causeHasOwnList = true;
                    break;
                }

                if (marker.Kind == kind && marker.Ordinal == last + 1)
                {
                    FeedCollected(line[..marker.Index]);
                    _mode = Mode.Problems;
                    _current = _lastProblems;
                    FeedProblems(line[marker.Index..]);
                    return;
                }
            }
        }

        FeedCollected(line);
    }

    // Adds a paragraph to the current block, stopping at an inline closing formula ("…。以上述职，请予评议。").
    private void FeedCollected(string line)
    {
        for (var i = 1; i < line.Length; i++)
        {
            if (Markers.IsMarkerPosition(line, i) && line[i - 1] != ' ' && HeadingRules.IsClosingLeadAt(line, i))
            {
                FeedCollected(line[..i]);
                _mode = Mode.Closing;
                return;
            }
        }

        var paragraph = line.Trim();
        if (paragraph.Length > 0 && _current is not null)
        {
            _current.Paragraphs.Add(paragraph);
        }
    }

    /// <summary>
    /// A table of problems (or of measures) is taken in the problems or next-steps part, and also before any section
    /// heading (a report that is just the table); in the 履职 part (last year's problems and how they were fixed) or
    /// among the causes it is not.
    /// </summary>
    public void FeedTable(ReportTable table)
    {
        if (_mode is Mode.Cause or Mode.Closing || (_mode == Mode.Other && _opener != Opener.None))
        {
            return;
        }

        // Unnumbered text of this part before the table introduces it ("查摆出以下问题，列表如下。").
        if (_current is { } before && EntrySplitter.Numbering(before.Paragraphs).Kind is null)
        {
            before.Paragraphs.Clear();
        }

        var (entries, causes) = table.ToEntries();
        var kind = table.Has(TableColumn.Problem) ? SectionKind.Problems : SectionKind.Measures;
        FoundProblems |= kind == SectionKind.Problems;
        NewBlock(kind).Entries = entries;
        NewBlock(SectionKind.Cause).Entries = causes;

        // Paragraphs after the table belong to a new block of the part we are in.
        if (_mode == Mode.Problems)
        {
            _current = _lastProblems = NewBlock(SectionKind.Problems);
        }
        else if (_mode == Mode.Measures)
        {
            _current = NewBlock(SectionKind.Measures);
        }
    }

    private bool TryHeading(string line, out SectionKind kind, out string body)
    {
        kind = SectionKind.Other;
        body = "";
        var marker = Markers.AtStart(line);

        switch (marker?.Kind)
        {
            case MarkerKind.Part:
            {
                // 第二部分 is always a top-level heading.
                Headings.TrySplitNumbered(line, marker.Value, out var heading, out var bodyStart);
                kind = HeadingRules.ClassifyNumbered(heading);
                body = line[Math.Min(bodyStart, line.Length)..];
                _opener = Opener.Part;
                return true;
            }

            case MarkerKind.CnComma when _opener is Opener.None or Opener.CnComma:
            {
                // Sections numbered 一、二、三、: any such line is a heading, classified by its keywords;
                // one without keywords (一、履职情况) is heading-like and short, or else it is text.
                if (Headings.TrySplitNumbered(line, marker.Value, out var heading, out var bodyStart)
                    && HeadingRules.ClassifyNumbered(heading) is var numbered and not SectionKind.Other)
                {
                    kind = numbered;
                    body = line[bodyStart..];
                    _opener = Opener.CnComma;
                    return true;
                }

                if (HeadingRules.IsHeadingLike(HeadingRules.TrimHeading(line[marker.Value.End..]), HeadingRules.MaxNumberedHeadingLength))
                {
                    kind = SectionKind.Other;
                    _opener = Opener.CnComma;
                    return true;
                }

                return false;
            }

            case MarkerKind.CnShi or MarkerKind.CnYao or MarkerKind.CnOrdinal:
                // 一是… / 第一，… start entries, never headings.
                return false;

            case not null:
                // （二）原因分析：… / 1.存在的问题 — a sub-heading inside a section; only the three
                // kinds we act on count, a (一) line without them is an entry.
                return TryLooseHeading(line, marker.Value.End, out kind, out body) && kind != SectionKind.Other;

            default:
            {
                // An unnumbered heading line: 存在问题 / 下一步打算： (a bare "Other" heading such as 主要工作
                // only counts where the report has no numbered sections).
                if (!TryLooseHeading(line, 0, out kind, out body))
                {
                    return false;
                }

                if (kind == SectionKind.Other && _opener is not (Opener.None or Opener.Bare))
                {
                    return false;
                }

                if (_opener == Opener.None)
                {
                    _opener = Opener.Bare;
                }

                return true;
            }
        }
    }

    private static bool TryLooseHeading(string line, int start, out SectionKind kind, out string body)
    {
        var (heading, bodyStart) = Headings.SplitLoose(line, start);
        if (HeadingRules.ClassifyLoose(heading) is { } loose)
        {
            kind = loose;
            body = line[bodyStart..];
            return true;
        }

        kind = SectionKind.Other;
        body = "";
        return false;
    }

    private void Enter(SectionKind kind)
    {
        _causeByLead = false;
        _current = null;
        switch (kind)
        {
            case SectionKind.Problems:
                FoundProblems = true;
                _mode = Mode.Problems;
                _current = _lastProblems = NewBlock(kind);
                break;
            case SectionKind.Measures:
                _mode = Mode.Measures;
                _current = NewBlock(kind);
                break;
            case SectionKind.Cause:
                _mode = Mode.Cause;
                _current = NewBlock(kind);
                break;
            default:
                _mode = Mode.Other;
                break;
        }
    }

    private void EnterCauseByLead()
    {
        _mode = Mode.Cause;
        _current = NewBlock(SectionKind.Cause);
        _causeByLead = true;
        _causeHasOwnList = false;
    }

    private Block NewBlock(SectionKind kind)
    {
        var block = new Block(kind);
        _blocks.Add(block);
        return block;
    }

    /// <summary>Consecutive paragraphs of one problems, cause or measures part, or the entries of a table.</summary>
    internal sealed class Block(SectionKind kind)
    {
        public SectionKind Kind { get; } = kind;

        public List<string> Paragraphs { get; } = [];

        /// <summary>Set for a table: its rows, already entries.</summary>
        public List<ParsedEntry>? Entries { get; set; }
    }
}
