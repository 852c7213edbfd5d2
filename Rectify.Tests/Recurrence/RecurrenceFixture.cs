using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Tests.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.Hosting;
using Rectify.Web.Recurrence;

namespace Rectify.Tests.Recurrence;

/// <summary>
/// The app with the demo ledger plus the labelled set's earlier problems (TestData/recurrence/earlier.tsv) entered as items of
/// 离退休干部党支部 (which has no demo items) in a problem list of 2025: what the recurrence search is asked about.
/// </summary>
public abstract class RecurrenceFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public const string Branch = "离退休干部党支部";

    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "recurrence");

    public RectifyFactory App { get; } = RectifyFactory.On(provider);

    /// <summary>Earlier problem label (E01 …) → item id.</summary>
    public Dictionary<string, Guid> Earlier { get; } = [];

    public Guid ListId { get; private set; }

    public static IReadOnlyList<(string Id, string Text)> EarlierProblems() =>
        File.ReadAllLines(Path.Combine(Folder, "earlier.tsv")).Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(f => (f[0], f[1])).ToList();

    public static IReadOnlyList<(string Text, HashSet<string> Relevant)> Queries() =>
        File.ReadAllLines(Path.Combine(Folder, "queries.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(f => (f[0], f.Length > 1 ? f[1].Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet() : new HashSet<string>()))
            .ToList();

    public async Task InitializeAsync()
    {
        var admin = await ActingAs.AccessAsync(App, "admin");
        var branch = await App.OrganizationIdAsync(Branch);
        var owner = await App.UserIdAsync("secretary");
        var leader = await App.UserIdAsync("leader2");
        var now = DateTimeOffset.UtcNow.AddDays(-400);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var db = App.CreateDbContext();
        var list = ProblemList.Create(admin, "2025年度组织生活会查摆问题清单", ProblemSource.OrganizationalLifeMeeting, new DateOnly(2025, 12, 20), branch, now);
        db.ProblemLists.Add(list);
        ListId = list.Id;
        var sequence = 0;
        foreach (var (id, text) in EarlierProblems())
        {
            var item = RectificationItem.Create(admin, list, ++sequence,
                new ItemDetails(text, Categories.Suggested[0], branch, owner, leader, DeadlineType.ByDate, today.AddDays(30)), today, now.AddMinutes(sequence));
            db.Items.Add(item);
            Earlier[id] = item.Id;
        }

        await db.SaveChangesAsync();
    }

    public async Task<RecurrenceSuggestions> SuggestAsync(string user, string text, int? organizationId, Guid? exclude = null)
    {
        var access = await ActingAs.AccessAsync(App, user);
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RecurrenceSearch>().SuggestAsync(access, text, organizationId, exclude);
    }

    public async Task<AccessContext> AdminAsync() => await ActingAs.AccessAsync(App, "admin");

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class SqliteRecurrenceFixture() : RecurrenceFixture(DatabaseProvider.Sqlite);

public sealed class PostgresRecurrenceFixture() : RecurrenceFixture(DatabaseProvider.Postgres);
