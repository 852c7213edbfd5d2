using System.Data.Common;
using Rectify.Domain.Recurrence;

namespace Rectify.Web.Recurrence;

/// <summary>
/// 屡查屡犯: the earlier problems most like a text, for the person entering a new problem (docs/decisions/0019, 0028, 0042).
/// Same organisation: the organisation's items the user may read (at most <see cref="OrganizationCandidates"/>, the most
/// recent first, read through the organisation's index) are all scored. Elsewhere: the database's own trigram search hands
/// over at most <see cref="IndexCandidates"/> items (SQLite: the FTS5 table <see cref="RecurrenceSql.SqliteSearchTable"/>
/// queried with the text's rarest trigrams, newest first; PostgreSQL: pg_trgm's <c>&lt;%</c> on the GIN index), which are
/// scored in memory. The best <see cref="CandidatesPerQuery"/> of each group are then read with their list and organisation,
/// limited to what the user may read, and <see cref="ProblemSimilarity.Rank{T}"/> keeps the best <see cref="Shown"/> of each
/// group that score at least its threshold.
/// </summary>
public sealed class RecurrenceSearch(IDbContextFactory<RectifyDbContext> dbFactory, ActorAccessor actors, ItemQueries items)
{
    /// <summary>The best-scoring candidates of each group whose list, organisation and status are read.</summary>
    public const int CandidatesPerQuery = 50;

    public const int Shown = 5;

    /// <summary>
    /// pg_trgm's word similarity a candidate needs (the share of the text's trigrams found in one stretch of the description).
    /// Low, because the bigram score decides; high enough that the index does not hand back half the ledger.
    /// </summary>
    public const double PostgresWordSimilarity = 0.2;

    /// <summary>The most items of the organisation itself that are scored (the most recently entered first).</summary>
    public const int OrganizationCandidates = 2000;

    /// <summary>
    /// The most items the trigram index hands over for "elsewhere". Enough that a text shared by fewer items is compared with
    /// every one of them; a text so common that more items match gets the first found (SQLite: the newest).
    /// </summary>
    public const int IndexCandidates = 500;

    public async Task<RecurrenceSuggestions> SuggestAsync(string text, int? organizationId, Guid? excludeItemId = null, CancellationToken cancellationToken = default) =>
        await SuggestAsync(await actors.GetAsync(cancellationToken), text, organizationId, excludeItemId, cancellationToken);

    public async Task<RecurrenceSuggestions> SuggestAsync(
        AccessContext access, string text, int? organizationId, Guid? excludeItemId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = SearchTerms.Trigrams(text);
        if (terms.Count == 0)
        {
            return RecurrenceSuggestions.ShortText;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var readable = await items.FilteredAsync(db, access, new ItemFilter(), cancellationToken);
        List<Candidate> same = [];
        if (organizationId is int org)
        {
            same = await readable
                .Where(i => i.ResponsibleOrganizationId == org && i.Id != excludeItemId)
                .OrderByDescending(i => i.CreatedOn)
                .Take(OrganizationCandidates)
                .Select(i => new Candidate(i.Id, i.Description.Substring(0, ProblemSimilarity.ComparedLength)))
                .ToListAsync(cancellationToken);
        }

        var sameIds = same.Select(c => c.Id).ToHashSet();
        var found = await IndexCandidatesAsync(db, text, terms, organizationId, cancellationToken);
        var ids = Best(text, same)
            .Concat(Best(text, found.Where(c => c.Id != excludeItemId && !sameIds.Contains(c.Id))))
            .Distinct()
            .ToList();
        if (ids.Count == 0)
        {
            return RecurrenceSuggestions.None;
        }

        var rows = await DetailsAsync(db, access, ids, cancellationToken);
        return new RecurrenceSuggestions(false, Ranked(text, rows.Where(r => r.OrganizationId == organizationId)), Ranked(text, rows.Where(r => r.OrganizationId != organizationId)));
    }

    /// <summary>
    /// The import previews' look-up: for each problem the earlier problems of its own organisation (anywhere when it has none),
    /// as <see cref="RecurrenceSuggestions.SameOrganization"/>; "elsewhere" is left to <see cref="SuggestAsync(string, int?, Guid?, CancellationToken)"/>
    /// when a row is opened. One connection, one read of each organisation's items (scored in memory for every problem of it) and one query for the
    /// details of all candidates, so a preview of a few hundred rows makes a few hundred index look-ups and no more.
    /// </summary>
    public async Task<IReadOnlyList<RecurrenceSuggestions>> SuggestManyAsync(
        AccessContext access, IReadOnlyList<RecurrenceQuery> problems, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problems);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var found = new List<List<Guid>?>(problems.Count);
            var looked = new Dictionary<(string, int?), List<Guid>>();
            var organizationItems = new Dictionary<int, List<Candidate>>();
            foreach (var problem in problems)
            {
                var text = problem.Text.Trim();
                var terms = SearchTerms.Trigrams(text);
                if (terms.Count == 0)
                {
                    found.Add(null);
                    continue;
                }

                if (!looked.TryGetValue((text, problem.OrganizationId), out var ids))
                {
                    ids = await CandidatesAsync(db, text, terms, problem.OrganizationId, cancellationToken, organizationItems);
                    looked[(text, problem.OrganizationId)] = ids;
                }

                found.Add(ids);
            }

            var all = found.OfType<List<Guid>>().SelectMany(ids => ids).Distinct().ToList();
            var details = new Dictionary<Guid, RecurrenceSuggestion>();
            foreach (var chunk in all.Chunk(500))
            {
                foreach (var row in await DetailsAsync(db, access, [.. chunk], cancellationToken))
                {
                    details[row.ItemId] = row;
                }
            }

            return [.. problems.Select((problem, k) => found[k] is not { } ids ? RecurrenceSuggestions.ShortText
                : new RecurrenceSuggestions(false, Ranked(problem.Text.Trim(), ids.Where(details.ContainsKey).Select(id => details[id])), []))];
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The candidates the user may read, with where they were found and how far they got.</summary>
    private async Task<List<RecurrenceSuggestion>> DetailsAsync(RectifyDbContext db, AccessContext access, List<Guid> ids, CancellationToken cancellationToken)
    {
        var readable = await items.FilteredAsync(db, access, new ItemFilter(), cancellationToken);
        return await (from i in readable.Where(i => ids.Contains(i.Id))
                      join l in db.ProblemLists on i.ProblemListId equals l.Id
                      join o in db.Organizations on i.ResponsibleOrganizationId equals o.Id
                      select new RecurrenceSuggestion(
                          i.Id, i.Number, i.Description, l.Id, l.Title, l.Date.Year, o.Id, o.Name, i.Status, i.ClosedAt, i.CompletionSummary, 0))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The ids of the best <see cref="CandidatesPerQuery"/> items like the text, whoever may read them: of the organisation
    /// (its items, the most recent first, all scored; <paramref name="organizationItems"/> keeps them between calls), or, with
    /// no organisation, from the trigram index over the whole ledger. The first step of the import previews' look-up and of
    /// the scan of existing items (<see cref="RecurrenceScan"/>).
    /// </summary>
    internal static async Task<List<Guid>> CandidatesAsync(
        RectifyDbContext db, string text, IReadOnlyList<string> terms, int? organizationId, CancellationToken cancellationToken,
        Dictionary<int, List<Candidate>>? organizationItems = null)
    {
        if (organizationId is int org)
        {
            if (organizationItems is null || !organizationItems.TryGetValue(org, out var own))
            {
                own = await db.Items.AsNoTracking()
                    .Where(i => i.ResponsibleOrganizationId == org)
                    .OrderByDescending(i => i.CreatedOn)
                    .Take(OrganizationCandidates)
                    .Select(i => new Candidate(i.Id, i.Description.Substring(0, ProblemSimilarity.ComparedLength)))
                    .ToListAsync(cancellationToken);
                organizationItems?.Add(org, own);
            }

            return [.. Best(text, own)];
        }

        return [.. Best(text, await IndexCandidatesAsync(db, text, terms, null, cancellationToken))];
    }

    private static IEnumerable<Guid> Best(string text, IEnumerable<Candidate> candidates) =>
        ProblemSimilarity.Rank(text, candidates, c => c.Text, CandidatesPerQuery).Select(x => x.Candidate.Id);

    private static List<RecurrenceSuggestion> Ranked(string text, IEnumerable<RecurrenceSuggestion> rows) =>
        [.. ProblemSimilarity.Rank(text, rows.OrderBy(r => r.Number, StringComparer.Ordinal), r => r.Description, Shown)
            .Select(x => x.Candidate with { Score = x.Score })];

    /// <summary>Up to <see cref="IndexCandidates"/> items (outside the organisation on PostgreSQL) sharing trigrams with the text.</summary>
    private static async Task<List<Candidate>> IndexCandidatesAsync(
        RectifyDbContext db, string text, IReadOnlyList<string> terms, int? organizationId, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        if (db.Database.IsNpgsql())
        {
            // SET LOCAL lasts until the end of the transaction: the statement's own when there is none. No ORDER BY: ordering
            // by word similarity would compute it for every matching row, thousands for a common wording. The MATERIALIZED CTE
            // hides the LIMIT from the planner, which otherwise expects to meet 500 matches soon in a sequential scan and
            // computes the word similarity of ten thousand rows; the CTE is read only as far as the LIMIT needs.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            command.Transaction = transaction;
            command.CommandText = $"""
                SET LOCAL pg_trgm.word_similarity_threshold = {PostgresWordSimilarity.ToString(CultureInfo.InvariantCulture)};
                WITH matches AS MATERIALIZED (
                    SELECT i."Id", left(i."Description", {ProblemSimilarity.ComparedLength}) FROM "RectificationItems" i
                    WHERE @text <% i."Description" {(organizationId is null ? "" : "AND i.\"ResponsibleOrganizationId\" <> @org")})
                SELECT * FROM matches LIMIT {IndexCandidates}
                """;
            Add(command, "text", SearchTerms.Normalized(text));
            Add(command, "org", organizationId ?? 0);
            var candidates = await ReadAsync(command, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return candidates;
        }

        var rare = await RarestTermsAsync(connection, terms, cancellationToken);
        if (rare.Count == 0)
        {
            return [];
        }

        command.CommandText = $"""
            SELECT "ItemId", substr("Description", 1, {ProblemSimilarity.ComparedLength}) FROM "{RecurrenceSql.SqliteSearchTable}"
            WHERE "{RecurrenceSql.SqliteSearchTable}" MATCH @match
            ORDER BY rowid DESC
            LIMIT {IndexCandidates}
            """;
        Add(command, "match", string.Join(" OR ", rare.Select(t => $"\"{t}\"")));
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>
    /// SQLite: the text's trigrams found in the index, rarest first, as many as together are found in at most
    /// <see cref="IndexCandidates"/> items (at least one). The document counts come from an fts5vocab table over the FTS table
    /// (a temporary one of the connection: it holds no data of its own).
    /// </summary>
    private static async Task<List<string>> RarestTermsAsync(DbConnection connection, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = $"""
                CREATE VIRTUAL TABLE IF NOT EXISTS temp."{RecurrenceSql.SqliteSearchTable}Terms" USING fts5vocab(main, '{RecurrenceSql.SqliteSearchTable}', 'row')
                """;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        var names = new List<string>();
        for (var i = 0; i < terms.Count; i++)
        {
            names.Add($"@t{i}");
            Add(command, $"t{i}", terms[i]);
        }

        command.CommandText = $"""SELECT term, doc FROM temp."{RecurrenceSql.SqliteSearchTable}Terms" WHERE term IN ({string.Join(", ", names)})""";
        var counts = new List<(string Term, long Documents)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                counts.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        var chosen = new List<string>();
        long total = 0;
        foreach (var (term, documents) in counts.Where(c => c.Documents > 0).OrderBy(c => c.Documents).ThenBy(c => c.Term, StringComparer.Ordinal))
        {
            if (chosen.Count > 0 && total + documents > IndexCandidates)
            {
                break;
            }

            chosen.Add(term);
            total += documents;
        }

        return chosen;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task<List<Candidate>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var candidates = new List<Candidate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            candidates.Add(new Candidate(reader.GetFieldValue<Guid>(0), reader.GetString(1)));
        }

        return candidates;
    }

    internal sealed record Candidate(Guid Id, string Text);
}
