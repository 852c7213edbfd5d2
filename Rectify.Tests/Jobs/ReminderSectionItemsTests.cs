using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rectify.Domain.Reminders;
using Rectify.Generator;
using Rectify.Tests.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.Hosting;
using Rectify.Web.Identity;
using Rectify.Web.Jobs;
using Rectify.Web.Ledger;
using Rectify.Web.Mail;

namespace Rectify.Tests.Jobs;

/// <summary>
/// Decisions 0049 and 0050 on a generated ledger of 1,000 items (real SQLite and PostgreSQL), with sections capped at 3 lines
/// so that most mails have a "另有 N 项未列出" line: the run that reads only the items of interest decides exactly what the
/// policy decides on every unfinished item; every mail lists at most 3 lines per section, the most urgent ones, in both its
/// HTML and its text part; and the link of every capped section opens, for its recipient, the item list of exactly that
/// section: N + the listed lines, the very items the policy put in it.
/// </summary>
public abstract class ReminderSectionItemsTests(ReminderSectionItemsTests.GeneratedApp app)
{
    private const int Cap = 3;

    public sealed class OnSqlite(OnSqlite.App app) : ReminderSectionItemsTests(app), IClassFixture<OnSqlite.App>
    {
        public sealed class App() : GeneratedApp(DatabaseProvider.Sqlite);
    }

    public sealed class OnPostgres(OnPostgres.App app) : ReminderSectionItemsTests(app), IClassFixture<OnPostgres.App>
    {
        public sealed class App() : GeneratedApp(DatabaseProvider.Postgres);
    }

    public abstract class GeneratedApp : RectifyFactory, IAsyncLifetime
    {
        protected GeneratedApp(DatabaseProvider provider)
            : base(provider) =>
            With("Rectify:SeedDemoData", "false").With("Rectify:InitialAdminPassword", "Initial@2026x")
                .With("Reminders:MaxLinesPerSection", Cap.ToString(System.Globalization.CultureInfo.InvariantCulture));

        /// <summary>The run's instant and the whole decision of the policy on every unfinished item, uncapped.</summary>
        public DateTimeOffset Now { get; private set; }

        public IReadOnlyList<PersonalDigest> Uncapped { get; private set; } = [];

        public async Task InitializeAsync()
        {
            _ = Services;
            using (var scope = Services.CreateScope())
            {
                await ActivatorUtilities.CreateInstance<LedgerGenerator>(scope.ServiceProvider)
                    .GenerateAsync(new GeneratorOptions(1000, Organizations: 40, Users: 300, ChunkSize: 400));
            }

            Now = DateTimeOffset.UtcNow;
            using (var scope = Services.CreateScope())
            {
                (await scope.ServiceProvider.GetRequiredService<ReminderRun>().RunAsync(Now)).Enqueued.ShouldBeGreaterThan(5);
            }

            Uncapped = await DecideAsync(this, Now, int.MaxValue, everyItem: true);
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private readonly GeneratedApp _app = app;

    private static async Task<IReadOnlyList<PersonalDigest>> DecideAsync(RectifyFactory app, DateTimeOffset now, int cap, bool everyItem)
    {
        using var scope = app.Services.CreateScope();
        var settings = scope.ServiceProvider.GetRequiredService<IOptions<ReminderSettings>>().Value with { MaxLinesPerSection = cap };
        var today = scope.ServiceProvider.GetRequiredService<LedgerClock>().DayOf(now);
        await using var db = app.CreateDbContext();
        var admins = await ReminderData.UserIdsInRoleAsync(db, Roles.Admin, CancellationToken.None);
        var optedOut = (await db.Users.Where(u => !u.ReceiveDueSoonMail).Select(u => u.Id).ToListAsync()).ToHashSet();
        var items = everyItem
            ? await ReminderData.LoadItemsAsync(db, includeFinished: false, CancellationToken.None)
            : (await ReminderData.ItemsOfInterestAsync(db, today, settings, CancellationToken.None)).ToList();
        return ReminderPolicy.DecidePersonal(items, today, now, settings, new ReminderAudience(admins, optedOut));
    }

    private static string Shape(IEnumerable<PersonalDigest> digests) => string.Join("\n", digests.Select(d =>
        $"{d.RecipientId}: " + string.Join("; ", d.Sections.Select(s =>
            $"{s.Section} {s.Total}/{s.MostDays} [{string.Join(",", s.Lines.Select(l => $"{l.ItemId}:{l.Reason}:{l.Days}"))}]"))));

    [Fact]
    public async Task Reading_only_the_items_of_interest_decides_exactly_what_reading_every_unfinished_item_decides()
    {
        var all = await DecideAsync(_app, _app.Now, Cap, everyItem: true);
        var ofInterest = await DecideAsync(_app, _app.Now, Cap, everyItem: false);

        all.Count.ShouldBeGreaterThan(5);
        all.SelectMany(d => d.Sections).ShouldContain(s => s.Omitted > 0);
        Shape(ofInterest).ShouldBe(Shape(all));
    }

    [Fact]
    public async Task Every_section_lists_at_most_the_cap_most_urgent_lines_and_says_how_many_more()
    {
        var mails = await MailsAsync();
        mails.Count.ShouldBe(_app.Uncapped.Count);
        var capped = 0;
        foreach (var digest in _app.Uncapped)
        {
            var mail = mails[digest.RecipientId];
            var html = await new HtmlParser().ParseDocumentAsync(mail.HtmlBody);
            var tables = html.QuerySelectorAll("table");
            tables.Length.ShouldBe(digest.Sections.Count);
            for (var s = 0; s < digest.Sections.Count; s++)
            {
                var section = digest.Sections[s];
                var listed = section.Lines.Take(Cap).Select(l => l.Number).ToList();
                tables[s].QuerySelectorAll("tr").Skip(1).Select(r => r.QuerySelector("td")!.TextContent).ShouldBe(listed, mail.Subject);
                if (section.Lines.Count > Cap)
                {
                    capped++;
                    mail.HtmlBody.ShouldContain($"另有{section.Lines.Count - Cap}项未列出（共{section.Lines.Count}项），查看全部：");
                    mail.TextBody.ShouldContain($"另有{section.Lines.Count - Cap}项未列出（共{section.Lines.Count}项），查看全部： http");
                }
            }

            Regex.Count(mail.HtmlBody, "查看全部").ShouldBe(digest.Sections.Count(s => s.Lines.Count > Cap));
        }

        capped.ShouldBeGreaterThan(3);
    }

    [Fact]
    public async Task The_link_of_a_capped_section_opens_the_list_of_exactly_that_sections_items_for_its_reader()
    {
        var mails = await MailsAsync();
        await using var db = _app.CreateDbContext();
        var names = await db.Users.ToDictionaryAsync(u => u.Id, u => u.UserName!);
        var checkedSections = new HashSet<DigestSection>();
        foreach (var digest in _app.Uncapped)
        {
            var mail = mails[digest.RecipientId];
            var links = new HtmlParser().ParseDocument(mail.HtmlBody).QuerySelectorAll("p a").Select(a => a.GetAttribute("href")!).ToList();
            var capped = digest.Sections.Where(s => s.Lines.Count > Cap).ToList();
            links.Count.ShouldBe(capped.Count);
            foreach (var (section, link) in capped.Zip(links))
            {
                var uri = new Uri(link);
                uri.AbsolutePath.ShouldBe("/items");
                var filter = ItemFilterQuery.Parse(new QueryCollection(QueryHelpers.ParseQuery(uri.Query))) with { PageSize = 200 };
                filter.Reminder.ShouldBe(section.Section);

                var rows = new List<ItemRow>();
                ItemPage page;
                do
                {
                    page = await _app.ListAsync(names[digest.RecipientId], filter with { Page = rows.Count / 200 + 1 });
                    rows.AddRange(page.Rows);
                }
                while (rows.Count < page.Total && page.Rows.Count > 0);

                var expected = section.Lines.Select(l => l.ItemId).Distinct().Order().ToList();
                page.Total.ShouldBe(expected.Count, $"{section.Section} of {names[digest.RecipientId]}");
                string.Join(",", rows.Select(r => r.Id).Order()).ShouldBe(string.Join(",", expected), $"{section.Section} of {names[digest.RecipientId]}");
                checkedSections.Add(section.Section);
            }
        }

        checkedSections.ShouldContain(DigestSection.AdminEscalation);
        checkedSections.ShouldContain(DigestSection.LeaderEscalation);
        checkedSections.Count.ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task Another_reader_opening_the_link_sees_only_their_own_section()
    {
        _app.Uncapped.ShouldContain(d => d.Sections.Any(s => s.Section == DigestSection.LeaderEscalation && s.Lines.Count > Cap));
        await using var db = _app.CreateDbContext();
        var secretary = await db.Users.Where(u => u.UserName == "bench.secretary").Select(u => u.Id).SingleAsync();
        var filter = new ItemFilter { Reminder = DigestSection.LeaderEscalation, ReminderAt = _app.Now };

        var mine = _app.Uncapped.FirstOrDefault(d => d.RecipientId == secretary)?.Sections.FirstOrDefault(s => s.Section == DigestSection.LeaderEscalation);
        (await _app.ListAsync("bench.secretary", filter)).Total.ShouldBe(mine?.Lines.Count ?? 0);
        (await _app.ListAsync("bench.secretary", filter with { Reminder = DigestSection.AdminEscalation })).Total.ShouldBe(0);
    }

    private async Task<Dictionary<string, OutboxMessage>> MailsAsync()
    {
        await using var db = _app.CreateDbContext();
        return await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Kind == PersonalDigest.Kind).ToDictionaryAsync(m => m.RecipientUserId);
    }
}
