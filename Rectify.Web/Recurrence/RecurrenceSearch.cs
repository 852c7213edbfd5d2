using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Access;
using Rectify.Domain.Recurrence;
using Rectify.Web.Data;
using Rectify.Web.Ledger;

namespace Rectify.Web.Recurrence;

/// <summary>
/// 屡查屡犯: the earlier problems most like a text, for the person entering a new problem (docs/decisions/0019, 0028). The
/// database's own trigram search picks up to <see cref="CandidatesPerQuery"/> candidates (SQLite: the FTS5 table
/// <see cref="RecurrenceSql.SqliteSearchTable"/>, best bm25 first; PostgreSQL: pg_trgm's <c>&lt;%</c> on the GIN index, best
/// word similarity first), once within the organisation and once outside it; only those the user may read are kept, and
/// <see cref="ProblemSimilarity.Rank{T}"/> keeps the best <see cref="Shown"/> of each group that score at least its threshold.
/// </summary>
public sealed class RecurrenceSearch(IDbContextFactory<RectifyDbContext> dbFactory, ActorAccessor actors, ItemQueries items)
{
    public const int CandidatesPerQuery = 50;

    public const int Shown = 5;

    /// <summary>
    /// pg_trgm's word similarity a candidate needs (the share of the text's trigrams found in one stretch of the description).
    /// Low, because the bigram score decides; high enough that the index does not hand back half the ledger.
    /// </summary>
    public const double PostgresWordSimilarity = 0.2;

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
        var same = organizationId is int org ? await CandidatesAsync(db, text, terms, org, inside: true, cancellationToken) : [];
        var elsewhere = await CandidatesAsync(db, text, terms, organizationId, inside: false, cancellationToken);
        var ids = same.Concat(elsewhere).Where(id => id != excludeItemId).Distinct().ToList();
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
    /// when a row is opened. One connection, one candidate query per distinct (text, organisation) and one query for the
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
                    ids = await CandidatesAsync(db, text, terms, problem.OrganizationId, inside: problem.OrganizationId is not null, cancellationToken);
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

    private static List<RecurrenceSuggestion> Ranked(string text, IEnumerable<RecurrenceSuggestion> rows) =>
        [.. ProblemSimilarity.Rank(text, rows.OrderBy(r => r.Number, StringComparer.Ordinal), r => r.Description, Shown)
            .Select(x => x.Candidate with { Score = x.Score })];

    /// <summary>
    /// The ids of up to <see cref="CandidatesPerQuery"/> items sharing trigrams with the text, best first: of the organisation
    /// (<paramref name="inside"/>), of the others, or of all (no organisation). Also the scan of existing items' first step.
    /// </summary>
    internal static async Task<List<Guid>> CandidatesAsync(
        RectifyDbContext db, string text, IReadOnlyList<string> terms, int? organizationId, bool inside, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            var organizationTerm = organizationId is null ? "" : inside ? "AND i.\"ResponsibleOrganizationId\" = @org" : "AND i.\"ResponsibleOrganizationId\" <> @org";
            if (db.Database.IsNpgsql())
            {
                // SET LOCAL lasts until the end of the transaction: the statement's own when there is none.
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                command.Transaction = transaction;
                command.CommandText = $"""
                    SET LOCAL pg_trgm.word_similarity_threshold = {PostgresWordSimilarity.ToString(System.Globalization.CultureInfo.InvariantCulture)};
                    SELECT i."Id" FROM "RectificationItems" i
                    WHERE @text <% i."Description" {organizationTerm}
                    ORDER BY word_similarity(@text, i."Description") DESC, i."Id"
                    LIMIT {CandidatesPerQuery}
                    """;
                Add(command, "text", SearchTerms.Normalized(text));
                Add(command, "org", organizationId ?? 0);
                var ids = await ReadIdsAsync(command, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return ids;
            }

            command.CommandText = $"""
                SELECT s."ItemId" FROM "{RecurrenceSql.SqliteSearchTable}" s
                JOIN "RectificationItems" i ON i."Id" = s."ItemId"
                WHERE "{RecurrenceSql.SqliteSearchTable}" MATCH @match {organizationTerm}
                ORDER BY s.rank
                LIMIT {CandidatesPerQuery}
                """;
            Add(command, "match", string.Join(" OR ", terms.Select(t => $"\"{t}\"")));
            Add(command, "org", organizationId ?? 0);
            return await ReadIdsAsync(command, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task<List<Guid>> ReadIdsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetFieldValue<Guid>(0));
        }

        return ids;
    }
}
