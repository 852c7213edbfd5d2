using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Access;
using Rectify.Web.Data;
using Rectify.Web.Recurrence;

namespace Rectify.Benchmarks;

/// <summary>
/// 屡查屡犯: the suggestions shown while a problem is typed (RecurrenceSearch.SuggestAsync: the organisation's own items, at most
/// 500 candidates from the database's trigram search elsewhere, the bigram ranking, the read scope; decision 0042), as an
/// administrator enters problems. Target:
/// p95 under 100 ms at 100,000 items on both databases (issue 16). Run after generate-data --items 100000, e.g.
/// <c>dotnet run -c Release --project Rectify.Benchmarks -- --filter *Recurrence*</c> (bench/run-benchmarks.sh sets the database).
/// </summary>
[Config(typeof(Percentiles))]
public class RecurrenceBenchmarks
{
    private AccessContext _admin = null!;
    private RecurrenceSearch _search = null!;
    private int _organizationId;

    /// <summary>New problems worded as the labelled set's queries (Rectify.Tests/TestData/recurrence/queries.tsv).</summary>
    [Params("学习形式单一，仍以读文件为主", "“三会一课”落实不严格，记录不规范", "党建工作缺乏创新，没有特色品牌", "党员发展工作程序不规范，材料归档不及时")]
    public string Text { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _admin = BenchHost.AccessAsync("bench.admin").GetAwaiter().GetResult();
        var scope = BenchHost.Services.CreateScope();
        _search = scope.ServiceProvider.GetRequiredService<RecurrenceSearch>();
        using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<RectifyDbContext>>().CreateDbContext();
        // The organisation with the most items: the "same organisation" search reads the most there.
        _organizationId = db.Items.GroupBy(i => i.ResponsibleOrganizationId).OrderByDescending(g => g.Count()).Select(g => g.Key).First();
    }

    [Benchmark]
    public Task<RecurrenceSuggestions> Suggest_while_typing() => _search.SuggestAsync(_admin, Text, _organizationId);

    private sealed class Percentiles : ManualConfig
    {
        public Percentiles() => AddColumn(StatisticColumn.P95);
    }
}
