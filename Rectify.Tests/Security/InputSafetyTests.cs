using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain;
using Rectify.Domain.Ledger;
using Rectify.Domain.Organizations;
using Rectify.Domain.Reports;
using Rectify.Tests.Ledger;
using Rectify.Tests.LedgerIO;
using Rectify.Tests.Support;
using Rectify.Web.Admin;
using Rectify.Web.Ledger;
using Rectify.Web.LedgerIO;
using Xunit.Abstractions;

namespace Rectify.Tests.Security;

/// <summary>
/// Hostile and random input against every form and import: a clear Chinese refusal and an unchanged database, or a safe
/// acceptance of cleaned text; never a server error. The random values come from a seeded generator; the seed is printed
/// (set RECTIFY_FUZZ_SEED to replay a failure).
/// </summary>
public sealed class InputSafetyTests(SecurityApp app, ITestOutputHelper output) : IClassFixture<SecurityApp>
{
    private const int Rounds = 25;

    private static readonly string[] Hostile =
    [
        "",
        "   ",
        "\t\n\r ",
        "\u3000\u3000",
        "'; DROP TABLE Items; --",
        "\" OR 1=1 --",
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "{{7*7}}${7*7}@(7*7)",
        "../../etc/passwd",
        "C:\\Windows\\system32",
        "\0\0\0",
        "整改\0进展",
        "a\u0001b\u0002c\u001Fd\u007Fe\u0085f",
        "\u202Egnp.exe",
        "\u2066隐藏\u2069",
        "\uFEFF开头有BOM",
        "\uD800孤立的代理项",
        "尾部孤立\uDC00",
        "👨‍👩‍👧‍👦🇨🇳",
        "e\u0301\u0301\u0301\u0301",
        "\u200B\u200C\u200D",
        "-1",
        "99999999999999999999",
        "NaN",
        "2026-02-30",
        "0000-00-00",
        "9999-12-31",
        "1e308",
    ];

    private Random NewRandom()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("RECTIFY_FUZZ_SEED"), out var s) ? s : 20261122;
        output.WriteLine($"Fuzz seed: {seed} (replay with RECTIFY_FUZZ_SEED={seed})");
        return new Random(seed);
    }

    private static string Text(Random random)
    {
        switch (random.Next(6))
        {
            case 0:
                return Hostile[random.Next(Hostile.Length)];
            case 1:
                return new string('问', random.Next(1, 3) == 1 ? 2001 : 100_000);
            case 2:
                return string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => (char)random.Next(0, 0x80)));
            case 3:
                return string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => (char)random.Next(0, 0xFFFF)));
            case 4:
                return Hostile[random.Next(Hostile.Length)] + "整改措施" + Hostile[random.Next(Hostile.Length)];
            default:
                return "召开专题会议" + random.Next();
        }
    }

    private static DateOnly Date(Random random) => random.Next(5) switch
    {
        0 => DateOnly.MinValue,
        1 => DateOnly.MaxValue,
        2 => DateOnly.FromDateTime(DateTime.Today).AddDays(random.Next(-4000, 4000)),
        3 => DateOnly.FromDateTime(DateTime.Today).AddDays(1),
        _ => DateOnly.FromDateTime(DateTime.Today),
    };

    private static int Number(Random random) => random.Next(5) switch
    {
        0 => int.MinValue,
        1 => int.MaxValue,
        2 => -random.Next(1, 1000),
        3 => random.Next(0, 101),
        _ => random.Next(101, 100_000),
    };

    /// <summary>A fingerprint of the application's tables (not the scheduler's, mail queue or key ring, which change on their own).</summary>
    private async Task<string> FingerprintAsync()
    {
        await using var db = app.App.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'QRTZ%' AND name NOT LIKE 'sqlite%' " +
                "AND name NOT IN ('OutboxMessages', 'DataProtectionKeys', '__EFMigrationsHistory') ORDER BY name";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.GetValue(i);
                    // The audit chain is sealed in the background; its hashes are not input.
                    if (table == "AuditEntries" && reader.GetName(i) is "Hash" or "PreviousHash")
                    {
                        continue;
                    }

                    hash.AppendData(Encoding.UTF8.GetBytes(table + "|" + Convert.ToString(value, CultureInfo.InvariantCulture) + "\u0001"));
                }
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>No control characters but \n and \t, no bidi overrides, no lone surrogates.</summary>
    private static void ShouldBeClean(string? stored)
    {
        if (stored is null)
        {
            return;
        }

        stored.ShouldBe(stored.Trim());
        for (var i = 0; i < stored.Length; i++)
        {
            var c = stored[i];
            (char.IsControl(c) && c is not '\n' and not '\t').ShouldBeFalse($"control U+{(int)c:X4} in stored text");
            (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\uFEFF').ShouldBeFalse($"U+{(int)c:X4} in stored text");
            if (char.IsHighSurrogate(c))
            {
                (i + 1 < stored.Length && char.IsLowSurrogate(stored[++i])).ShouldBeTrue("lone surrogate in stored text");
            }
            else
            {
                char.IsLowSurrogate(c).ShouldBeFalse("lone surrogate in stored text");
            }
        }
    }

    private static void ShouldBeChineseRefusal(string? message)
    {
        message.ShouldNotBeNullOrWhiteSpace();
        message.ShouldMatch("[\u4e00-\u9fff]", $"not a Chinese message: {message}");
    }

    [Fact]
    public void Text_is_cleaned_of_invisible_characters_and_lengths_count_after_cleaning()
    {
        TextRules.Clean("  a\0b\u0007c\r\nd\re\tf\u000Bg\u202Eh\u2066i\uFEFFj\uD800k  ").ShouldBe("abc\nd\ne\tfghijk");
        TextRules.Clean("第一行\n第二行\t完", singleLine: true).ShouldBe("第一行 第二行 完");
        TextRules.Clean("👨‍👩‍👧 e\u0301").ShouldBe("👨‍👩‍👧 e\u0301");
        TextRules.Clean("\0\u0001 \u202E").ShouldBe("");
        Should.Throw<DomainException>(() => TextRules.Required("\0\u0001 ", 10, "x", "问题描述")).Message.ShouldBe("问题描述不能为空。");
        Should.Throw<DomainException>(() => TextRules.Required(new string('问', 2001), 2000, "x", "问题描述")).Message.ShouldBe("问题描述不能超过2000个字。");
        TextRules.Required(new string('问', 2000) + "\0\0", 2000, "x", "问题描述").Length.ShouldBe(2000);
    }

    [Fact]
    public async Task A_script_in_a_description_renders_as_text()
    {
        await using var scope = await app.ScopeAsync("admin");
        var row = new NewItemRow
        {
            Description = "<script>alert('xss')</script><img src=x onerror=alert(2)>",
            Category = "理论学习",
            OrganizationId = await app.App.OrganizationIdAsync("机关第一党支部"),
            OwnerId = await app.App.UserIdAsync("secretary"),
            LeaderId = await app.App.UserIdAsync("leader"),
            Deadline = LedgerIOTestSupport.Today.AddDays(10),
            Remarks = "<b>备注</b>",
        };
        await using var db = app.App.CreateDbContext();
        var list = await db.ProblemLists.OrderBy(l => l.CreatedAt).FirstAsync();
        var added = await scope.Get<ProblemListService>().AddItemsAsync(list.Id, [row]);
        added.Succeeded.ShouldBeTrue(added.Message);
        var id = await db.Items.Where(i => i.Number == added.Numbers[0]).Select(i => i.Id).SingleAsync();

        foreach (var path in new[] { $"/items/{id}", "/items?q=" + Uri.EscapeDataString("<script>") })
        {
            var html = await (await app.GetAsync("admin", path)).Content.ReadAsStringAsync();
            html.ShouldNotContain("<script>alert");
            html.ShouldNotContain("<img src=x");
            html.ShouldContain("&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;");
        }

    }

    [Fact]
    public async Task Fuzz_item_actions_through_ItemCommands()
    {
        var random = NewRandom();
        for (var round = 0; round < Rounds; round++)
        {
            var item = await app.CreateItemAsync(random.Next(2) == 0 ? SecurityApp.Stage.Open : SecurityApp.Stage.InProgress);
            var text = Text(random);
            var date = Date(random);
            var number = Number(random);
            var kind = random.Next(5);
            var before = await FingerprintAsync();
            await using var scope = await app.ScopeAsync(random.Next(3) == 0 ? "admin" : "secretary");
            var result = await scope.Get<ItemCommands>().RunAsync(item.Id, random.Next(4) == 0 ? number : item.Version, (i, a, today, now) =>
            {
                _ = kind switch
                {
                    0 => (object?)i.AddProgress(a, date, text, random.Next(2) == 0 ? number : null, today, now),
                    1 => i.RequestExtension(a, date, text, today, now),
                    2 => i.AddMeasure(a, text, random.Next(2) == 0 ? text : null, random.Next(2) == 0 ? date : null, now),
                    3 => Run(() => i.RequestSignOff(a, text, now, random.Next(2) == 0 ? Text(random) : null)),
                    _ => Run(() => i.SendBack(a, text, now)),
                };
            });
            var context = $"round {round}, action {kind}, text '{Escape(text)}', date {date}, number {number}";
            if (result.Succeeded)
            {
                var after = await app.LoadAsync(item.Id);
                foreach (var stored in after.ProgressReports.Select(p => p.Text).Concat(after.Measures.Select(m => m.Text))
                    .Concat(after.Extensions.Select(e => e.Reason)).Append(after.CompletionSummary).Append(after.LongTermMechanism))
                {
                    ShouldBeClean(stored);
                }
            }
            else
            {
                ShouldBeChineseRefusal(result.Message);
                (await FingerprintAsync()).ShouldBe(before, context);
            }
        }
    }

    [Fact]
    public async Task Fuzz_administration_forms_through_their_services()
    {
        var random = NewRandom();
        var parent = await app.App.OrganizationIdAsync("区民政局党组");
        for (var round = 0; round < Rounds; round++)
        {
            var text = Text(random);
            var before = await FingerprintAsync();
            await using var scope = await app.ScopeAsync("admin");
            var kind = random.Next(4);
            var status = CommandStatus.Ok;
            string? message = null;
            switch (kind)
            {
                case 0:
                    var org = await scope.Get<OrganizationAdminService>().CreateAsync(text, (OrganizationLevel)random.Next(-1, 4),
                        random.Next(3) == 0 ? Number(random) : parent);
                    (status, message) = (org.Status, org.Message);
                    break;
                case 1:
                    var user = await scope.Get<UserAdminService>().CreateAsync(new UserForm
                    {
                        UserName = random.Next(2) == 0 ? text : "fuzz" + random.Next(),
                        DisplayName = Text(random),
                        Email = random.Next(2) == 0 ? Text(random) : null,
                        OrganizationId = random.Next(2) == 0 ? Number(random) : parent,
                        IsAdmin = random.Next(2) == 0,
                        IsLeader = random.Next(2) == 0,
                        IsSecretary = random.Next(2) == 0,
                        Password = random.Next(2) == 0 ? Text(random) : "Fuzz@2026abc",
                    });
                    (status, message) = (user.Status, user.Message);
                    break;
                case 2:
                    var list = await scope.Get<ProblemListService>().CreateAsync(text, (ProblemSource)random.Next(-1, 12),
                        random.Next(4) == 0 ? null : Date(random), random.Next(3) == 0 ? Number(random) : parent);
                    (status, message) = (list.Status, list.Message);
                    break;
                default:
                    var retired = await app.App.OrganizationIdAsync("离退休干部党支部");
                    var rename = await scope.Get<OrganizationAdminService>().RenameAsync(retired, text);
                    (status, message) = (rename.Status, rename.Message);
                    if (rename.Succeeded)
                    {
                        await using (var db = app.App.CreateDbContext())
                        {
                            (await db.Organizations.SingleAsync(o => o.Id == retired)).Name.ShouldBe(TextRules.Clean(text, singleLine: true));
                        }

                        (await scope.Get<OrganizationAdminService>().RenameAsync(retired, "离退休干部党支部")).Succeeded.ShouldBeTrue();
                    }

                    break;
            }

            var context = $"round {round}, form {kind}, text '{Escape(text)}'";
            if (status == CommandStatus.Ok)
            {
                await using var db = app.App.CreateDbContext();
                foreach (var name in await db.Organizations.Select(o => o.Name).ToListAsync())
                {
                    ShouldBeClean(name);
                }

                foreach (var name in await db.Users.Select(u => u.DisplayName).ToListAsync())
                {
                    ShouldBeClean(name);
                }

                foreach (var title in await db.ProblemLists.Select(l => l.Title).ToListAsync())
                {
                    ShouldBeClean(title);
                }
            }
            else
            {
                ShouldBeChineseRefusal(message);
                (await FingerprintAsync()).ShouldBe(before, context);
            }
        }
    }

    [Fact]
    public async Task Fuzz_http_forms_filters_and_exports()
    {
        var random = NewRandom();
        var item = await app.CreateItemAsync(SecurityApp.Stage.InProgress);
        for (var round = 0; round < Rounds; round++)
        {
            var before = await FingerprintAsync();
            var (text, user, password) = (Text(random), Text(random), Text(random));

            // 登录: never signs in, never a server error.
            var login = await app.PostFormAsync(SecurityApp.Anonymous, "/Account/Login",
                [new("_handler", "login"), new("Input.UserName", user), new("Input.Password", password)]);
            ((int)login.StatusCode).ShouldBeLessThan(500, $"login with '{Escape(user)}'");
            (login.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith("Rectify.Auth=", StringComparison.Ordinal) && !c.StartsWith("Rectify.Auth=;", StringComparison.Ordinal))).ShouldBeFalse();

            // 修改密码 with a wrong current password: refused, nothing changes.
            var change = await app.PostFormAsync("secretary2", "/Account/Manage/ChangePassword",
                [new("_handler", "change-password"), new("Input.OldPassword", password), new("Input.NewPassword", text), new("Input.ConfirmPassword", text)]);
            ((int)change.StatusCode).ShouldBeLessThan(500);

            // The filters of the list and the export: anything is ignored or searched for, never an error.
            var query = $"?q={Uri.EscapeDataString(text)}&status={Uri.EscapeDataString(Text(random))}&org={Uri.EscapeDataString(Number(random).ToString(CultureInfo.InvariantCulture))}" +
                $"&list={Uri.EscapeDataString(Text(random))}&sort={Uri.EscapeDataString(Text(random))}&due={Uri.EscapeDataString(Text(random))}&leader={Uri.EscapeDataString(Text(random))}&category={Uri.EscapeDataString(Text(random))}";
            (await app.GetAsync("secretary", "/items" + query)).StatusCode.ShouldBe(HttpStatusCode.OK, query);
            (await app.GetAsync("secretary", "/ledger/export.xlsx" + query)).StatusCode.ShouldBe(HttpStatusCode.OK, query);

            (await FingerprintAsync()).ShouldBe(before, $"round {round}: login/password/filters changed data");

            // 填报进展 over HTTP with hostile fields: 200 with clean text, or a Chinese refusal and no change.
            var current = await app.LoadAsync(item.Id);
            var version = random.Next(3) == 0 ? Text(random) : current.Version.ToString(CultureInfo.InvariantCulture);
            var percent = random.Next(2) == 0 ? Text(random) : Number(random).ToString(CultureInfo.InvariantCulture);
            var date = random.Next(2) == 0 ? Text(random) : Date(random).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            // Browsers send file names of at most 255 characters, without quotes or control characters (HttpClient cannot even
            // encode those); a 100,000-character one is a malformed request the framework refuses before this code runs.
            var files = random.Next(3) == 0 ? new[] { (new string(Text(random).Where(c => !char.IsControl(c) && !char.IsSurrogate(c) && c is not '"' and not '\\').Take(100).ToArray()) + ".png", SecurityApp.Png) } : [];
            before = await FingerprintAsync();
            var response = await app.PostFormAsync("secretary", $"/items/{item.Id}/progress",
                [new("version", version), new("text", text), new("percent", percent), new("date", date)], files);
            var context = $"round {round}: version '{Escape(version)}', text '{Escape(text)}', percent '{Escape(percent)}', date '{Escape(date)}'";
            ((int)response.StatusCode).ShouldBeLessThan(500, context);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var after = await app.LoadAsync(item.Id);
                after.ProgressReports.ShouldAllBe(p => p.Text.Length > 0);
                foreach (var stored in after.ProgressReports.Select(p => p.Text).Concat(after.Evidence.Select(e => e.FileName)))
                {
                    ShouldBeClean(stored);
                }
            }
            else
            {
                ShouldBeChineseRefusal(await response.Content.ReadAsStringAsync());
                (await FingerprintAsync()).ShouldBe(before, context);
            }
        }
    }

    [Fact]
    public async Task Progress_with_more_files_than_the_page_allows_is_refused_in_Chinese_and_changes_nothing()
    {
        var item = await app.CreateItemAsync(SecurityApp.Stage.InProgress);
        var current = await app.LoadAsync(item.Id);
        var before = await FingerprintAsync();
        var files = Enumerable.Range(1, 11).Select(n => ($"证据{n}.png", SecurityApp.Png)).ToArray();

        var response = await app.PostFormAsync("secretary", $"/items/{item.Id}/progress",
            [new("version", current.Version.ToString(CultureInfo.InvariantCulture)), new("text", "十一个文件")], files);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldBe("一次最多上传 10 个文件。");
        (await FingerprintAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Fuzz_import_cells_and_report_paste()
    {
        var random = NewRandom();
        var orgId = await app.App.OrganizationIdAsync("区民政局党组");
        var parser = new ReportParser();
        for (var round = 0; round < Rounds; round++)
        {
            // 述职报告 paste: the parser takes anything; drafts stay within the limits.
            var paste = string.Join("\n", Enumerable.Range(0, random.Next(1, 8)).Select(_ => random.Next(3) == 0 ? "存在的问题" : Text(random)));
            var drafts = ReportDrafts.From(parser.Parse(paste));
            drafts.ShouldAllBe(d => d.Text.Length <= LedgerLimits.Description);

            // Excel import with hostile cells: checked row by row, refused in Chinese or imported with clean text.
            object?[] Row(int n) =>
            [
                random.Next(4) == 0 ? Text(random) : n, random.Next(3) == 0 ? Text(random) : "组织生活会", Text(random), Text(random),
                random.Next(3) == 0 ? Text(random) : "李建国", random.Next(3) == 0 ? Text(random) : "机关第一党支部", random.Next(3) == 0 ? Text(random) : "赵敏",
                random.Next(2) == 0 ? Text(random) : LedgerIOTestSupport.Iso(Date(random)), Text(random), Text(random), Text(random), Text(random),
            ];
            // An .xlsx cannot hold what XML forbids (NUL, most C0 controls, lone surrogates): such cells cannot reach the importer.
            object?[] Storable(object?[] row) => row.Select(v => v is string t ? XmlSafe(t) : v).ToArray();
            var workbook = LedgerIOTestSupport.Workbook([LedgerIOTestSupport.Header, .. Enumerable.Range(1, random.Next(1, 4)).Select(n => Storable(Row(n)))]);
            var title = "模糊导入" + round + "-" + random.Next();
            var before = await FingerprintAsync();
            await using var scope = await app.ScopeAsync("admin");
            var access = await scope.Get<ActorAccessor>().GetAsync();
            var importer = scope.Get<LedgerExcelImporter>();
            var check = await importer.CheckFileAsync(workbook, Text(random) + ".xlsx", ImportTarget.New(title, ProblemSource.Other, LedgerIOTestSupport.Today, orgId), access);
            if (!check.CanImport)
            {
                if (check.Refusal is { } refusal)
                {
                    ShouldBeChineseRefusal(refusal);
                }
                else
                {
                    check.Errors.ShouldNotBeEmpty();
                    foreach (var error in check.Errors)
                    {
                        ShouldBeChineseRefusal(error.Reason);
                    }
                }

                (await FingerprintAsync()).ShouldBe(before, $"round {round}");
                continue;
            }

            var outcome = await importer.ImportAsync(check, access);
            outcome.Succeeded.ShouldBeTrue(outcome.Message);
            await using var db = app.App.CreateDbContext();
            var items = await db.Items.Include(i => i.Measures).Where(i => i.ProblemListId == outcome.ProblemListId).ToListAsync();
            foreach (var stored in items.SelectMany(i => i.Measures.Select(m => m.Text).Append(i.Description).Append(i.Remarks).Append(i.Category)))
            {
                ShouldBeClean(stored);
            }
        }
    }

    private static string XmlSafe(string text) =>
        string.Concat(text.Where((c, i) => System.Xml.XmlConvert.IsXmlChar(c)
            || (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            || (char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1]))));

    private static object? Run(Action action)
    {
        action();
        return null;
    }

    private static string Escape(string text) =>
        string.Concat(text.Take(60).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}
