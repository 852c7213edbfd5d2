using System.Text.RegularExpressions;
using Rectify.Domain;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// The second step of an import: rows become planned items, or errors by row, column and reason. Here only what turns the
/// sheet's text into values (names into people and organisations, text into a deadline, the source); every rule on the
/// values is the domain's (<see cref="RectificationItem.ProblemsOfNew"/>), reported under the column of the field it names
/// (<see cref="ColumnOf"/>, decision 0024). Rows whose description the list already has, or an earlier row has, are skipped.
/// Nothing is saved.
/// </summary>
public sealed partial class ImportRowChecker(IOptions<LedgerIOOptions> options, LedgerClock clock, IStringLocalizer<Text> T, TextCatalog texts)
{
    public async Task<ImportCheck> CheckAsync(
        RectifyDbContext db, IReadOnlyList<LedgerRowInput> rows, ImportTarget target, AccessContext access,
        IProgress<LedgerProgress>? progress, CancellationToken cancellationToken)
    {
        var now = clock.Now;
        var today = clock.Today;

        var (list, existingDescriptions, refusal) = await TargetAsync(db, target, access, now, cancellationToken);
        if (list is null)
        {
            return ImportCheck.Refused(refusal!);
        }

        var lookups = await Lookups.LoadAsync(db, cancellationToken);
        var errors = new List<ImportError>();
        var errorCount = 0;
        var skipped = new List<ImportSkip>();
        var planned = new List<PlannedItem>();
        var inFile = new Dictionary<string, int>(StringComparer.Ordinal);
        var immediateDefault = today.AddDays(options.Value.ImmediateDeadlineDays);
        var done = 0;
        var counted = 0;

        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++done % 500 == 0)
            {
                progress?.Report(new LedgerProgress(LedgerPhase.Validating, done, rows.Count));
            }

            if (IsSampleMarker(row.Text(LedgerColumn.Sequence)))
            {
                continue;
            }

            counted++;
            var (details, measures, rowErrors) = Resolve(row, list, lookups, immediateDefault);

            // What the domain would refuse at import time, refused now, with the row and the column of the refusal's field.
            // A column that already has a resolution error (a name not found…) gets no second one.
            var unresolved = rowErrors.Select(e => e.Column).ToHashSet(StringComparer.Ordinal);
            foreach (var problem in RectificationItem.ProblemsOfNew(access, details, measures, today))
            {
                var column = ColumnOf(problem.Field);
                if (!unresolved.Contains(LedgerColumns.Header(column)))
                {
                    rowErrors.Add(new ImportError(row.Row, LedgerColumns.Header(column), DomainText.Message(T, problem)));
                }
            }

            if (rowErrors.Count == 0)
            {
                var key = Key(details.Description);
                if (existingDescriptions.Contains(key))
                {
                    skipped.Add(new ImportSkip(row.Row, details.Description, T["LedgerIO.Import.Exists"]));
                }
                else if (inFile.TryGetValue(key, out var firstRow))
                {
                    skipped.Add(new ImportSkip(row.Row, details.Description, T["LedgerIO.Import.Repeated", firstRow]));
                }
                else
                {
                    inFile[key] = row.Row;
                    planned.Add(new PlannedItem(row.Row, details, measures));
                }
            }

            errorCount += rowErrors.Count;
            if (errors.Count < ImportCheck.MaxErrorsShown)
            {
                errors.AddRange(rowErrors.Take(ImportCheck.MaxErrorsShown - errors.Count));
            }
        }

        progress?.Report(new LedgerProgress(LedgerPhase.Validating, rows.Count, rows.Count));
        return new ImportCheck
        {
            Errors = errors,
            ErrorCount = errorCount,
            Skipped = skipped,
            Items = planned,
            RowCount = counted,
            Target = target,
        };
    }

    /// <summary>The target list, an existing one or a new one checked by the domain without saving it, and the (keys of the)
    /// descriptions it has; or why there is none.</summary>
    private async Task<(ProblemList? List, HashSet<string> Descriptions, string? Refusal)> TargetAsync(
        RectifyDbContext db, ImportTarget target, AccessContext access, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var descriptions = new HashSet<string>(StringComparer.Ordinal);
        if (target.ExistingListId is { } listId)
        {
            var found = await db.ProblemLists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listId, cancellationToken);
            if (found is null)
            {
                return (null, descriptions, T["LedgerIO.Import.ListMissing"]);
            }

            descriptions.UnionWith((await db.Items.Where(i => i.ProblemListId == listId).Select(i => i.Description).ToListAsync(cancellationToken)).Select(Key));
            return (found, descriptions, null);
        }

        try
        {
            return (ProblemList.Create(access, target.NewTitle ?? "", target.NewSource, target.NewDate, target.NewIssuingOrganizationId, now), descriptions, null);
        }
        catch (DomainException e)
        {
            return (null, descriptions, T.Refusal(e).Message!);
        }
    }

    /// <summary>
    /// The row's text as the domain's input: names into people and organisations, text into a deadline, the source compared
    /// with the list's. What cannot be resolved is an error under its column; no rule on the values is checked here.
    /// </summary>
    private (ItemDetails Details, IReadOnlyList<string> Measures, List<ImportError> Errors) Resolve(
        LedgerRowInput row, ProblemList list, Lookups lookups, DateOnly immediateDefault)
    {
        var rowErrors = new List<ImportError>();
        void Error(LedgerColumn column, string reason) => rowErrors.Add(new ImportError(row.Row, LedgerColumns.Header(column), reason));

        var sourceText = row.Text(LedgerColumn.Source);
        if (sourceText.Length > 0)
        {
            if (!ProblemSourceNames.TryParse(sourceText, out var source))
            {
                Error(LedgerColumn.Source, T["LedgerIO.Import.UnknownSource", sourceText, string.Join("、", Enum.GetValues<ProblemSource>().Select(ProblemSourceNames.Name))]);
            }
            else if (source != list.Source)
            {
                Error(LedgerColumn.Source, T["LedgerIO.Import.SourceMismatch", ProblemSourceNames.Name(source), ProblemSourceNames.Name(list.Source)]);
            }
        }

        var organizationId = 0;
        var organizationName = row.Text(LedgerColumn.Organization);
        if (organizationName.Length > 0)
        {
            if (!lookups.Organizations.TryGetValue(Key(organizationName), out organizationId))
            {
                Error(LedgerColumn.Organization, T["LedgerIO.Import.UnknownOrganization", organizationName]);
            }
        }

        var ownerId = Person(row, LedgerColumn.Owner, lookups, mustLead: false, Error);
        var leaderId = Person(row, LedgerColumn.Leader, lookups, mustLead: true, Error);

        var deadlineCell = row.Cell(LedgerColumn.Deadline);
        var schedule = DeadlineText.Parse(T, deadlineCell?.Text, deadlineCell?.IsNumber == true, immediateDefault, out var deadlineError);
        if (deadlineError is not null)
        {
            Error(LedgerColumn.Deadline, deadlineError);
        }

        var description = row.Text(LedgerColumn.Description);
        var measures = MeasureLines(row.Text(LedgerColumn.Measures));
        var remarks = row.Text(LedgerColumn.Remarks);
        var category = row.Text(LedgerColumn.Category) is { Length: > 0 } c ? c : Categories.Suggested[^1];
        var (deadlineType, deadline, period) = schedule ?? (DeadlineType.ByDate, null, null);
        var details = new ItemDetails(description, category, organizationId, ownerId ?? "", leaderId ?? "", deadlineType, deadline, period, remarks.Length == 0 ? null : remarks);
        return (details, measures, rowErrors);
    }

    private string? Person(LedgerRowInput row, LedgerColumn column, Lookups lookups, bool mustLead, Action<LedgerColumn, string> error)
    {
        var name = row.Text(column);
        if (name.Length == 0)
        {
            // The domain requires the person (item.owner.required, item.leader.required).
            return null;
        }

        var byUserName = lookups.Users.Where(u => string.Equals(u.UserName, name, StringComparison.OrdinalIgnoreCase)).ToList();
        var matches = byUserName.Count > 0 ? byUserName : lookups.Users.Where(u => u.DisplayName == name).ToList();
        if (matches.Count == 0)
        {
            error(column, T["LedgerIO.Import.UnknownPerson", name]);
            return null;
        }

        if (matches.Count > 1)
        {
            error(column, T["LedgerIO.Import.AmbiguousPerson", name]);
            return null;
        }

        var person = matches[0];
        if (!person.IsActive)
        {
            error(column, T["LedgerIO.Import.InactivePerson", name]);
            return null;
        }

        if (mustLead && !person.IsLeader)
        {
            error(column, T["LedgerIO.Import.NotLeader", name]);
            return null;
        }

        return person.Id;
    }

    /// <summary>整改措施 one per line; numbering the user typed (1. 1、 （1） ① 一是) is removed.</summary>
    public static IReadOnlyList<string> MeasureLines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n')
            .Select(line => MeasureNumber().Replace(line.Trim(), "").Trim())
            .Where(line => line.Length > 0)
            .ToList();

    [GeneratedRegex(@"^(?:\d{1,3}\s*[.、．)）]|[（(]\s*\d{1,3}\s*[)）]|[①-⑳]|[一二三四五六七八九十]+\s*[是、]|[-•·*])\s*")]
    private static partial Regex MeasureNumber();

    /// <summary>Descriptions compared without spaces and final punctuation, so a re-typed row is still recognised.</summary>
    public static string Key(string description) =>
        string.Concat(description.Where(c => !char.IsWhiteSpace(c))).TrimEnd('。', '.', '；', ';');

    /// <summary>The column that holds the input a domain refusal names (<see cref="DomainException.Field"/>): the input of
    /// <see cref="ItemDetails"/> and the item's measures. A refusal of the item as a whole goes to the description.</summary>
    public static LedgerColumn ColumnOf(string? field) => field switch
    {
        nameof(ItemDetails.Description) => LedgerColumn.Description,
        nameof(ItemDetails.Category) => LedgerColumn.Category,
        nameof(ItemDetails.ResponsibleOrganizationId) => LedgerColumn.Organization,
        nameof(ItemDetails.OwnerId) => LedgerColumn.Owner,
        nameof(ItemDetails.LeaderId) => LedgerColumn.Leader,
        nameof(ItemDetails.DeadlineType) or nameof(ItemDetails.Deadline) or nameof(ItemDetails.Period) => LedgerColumn.Deadline,
        nameof(ItemDetails.Remarks) => LedgerColumn.Remarks,
        nameof(RectificationItem.Measures) => LedgerColumn.Measures,
        _ => LedgerColumn.Description,
    };

    /// <summary>The template's sample row, in either language the template was downloaded in.</summary>
    private bool IsSampleMarker(string sequence) =>
        Hosting.RectifyApp.SupportedCultures.Any(c => sequence == texts.For(c)["LedgerIO.Template.SampleMarker"]);

    private sealed record PersonEntry(string Id, string DisplayName, string? UserName, bool IsActive, bool IsLeader);

    private sealed record Lookups(IReadOnlyDictionary<string, int> Organizations, IReadOnlyList<PersonEntry> Users)
    {
        public static async Task<Lookups> LoadAsync(RectifyDbContext db, CancellationToken cancellationToken)
        {
            var organizations = await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.Name, o.IsActive }).ToListAsync(cancellationToken);
            var leaderRole = await db.Roles.Where(r => r.Name == Roles.Leader).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
            var users = await db.Users.AsNoTracking()
                .Select(u => new PersonEntry(u.Id, u.DisplayName, u.UserName, u.IsActive, db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == leaderRole)))
                .ToListAsync(cancellationToken);
            // Active organisations win over inactive ones of the same name (whether it may be chosen is the domain's rule).
            var byName = organizations.OrderBy(o => o.IsActive).GroupBy(o => Key(o.Name)).ToDictionary(g => g.Key, g => g.Last().Id, StringComparer.Ordinal);
            return new Lookups(byName, users);
        }
    }
}
