using Microsoft.Extensions.DependencyInjection;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rectify.Web.Data;

namespace Rectify.Generator;

/// <summary>
/// <c>dotnet Rectify.Generator.dll --items 100000 [--orgs 500] [--users 5000] [--seed N]</c>: migrates the configured
/// database (Database:Provider / Database:ConnectionString, or Rectify:DataFolder for SQLite) and fills an EMPTY ledger with
/// generated data for benchmarks (see docs/performance.md). Exit 0 on success, 2 on bad arguments or a non-empty ledger.
/// </summary>
public static class GenerateDataCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (!TryParse(args, out var options, out var error))
        {
            await output.WriteLineAsync($"{error}\nusage: Rectify.Generator --items N [--orgs 500] [--users 5000] [--seed N]");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<RectifyDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }

        var generator = ActivatorUtilities.CreateInstance<LedgerGenerator>(scope.ServiceProvider);
        try
        {
            var result = await generator.GenerateAsync(options, output);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"generated in {result.Elapsed.TotalSeconds:F1} s: {result.Organizations} organisations, {result.Users} users, {result.ProblemLists} problem lists, {result.Items} items ({string.Join(", ", result.ByStatus.Select(s => $"{s.Key} {s.Value}"))}; overdue {result.Overdue}), {result.Measures} measures, {result.ProgressReports} progress reports, {result.AuditEntries} audit entries (sealed)."));
            return 0;
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("generate-data", StringComparison.Ordinal))
        {
            await output.WriteLineAsync(e.Message);
            return 2;
        }
    }

    internal static bool TryParse(string[] args, out GeneratorOptions options, out string? error)
    {
        int items = 0, orgs = 500, users = 5000, seed = 20261122;
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : (int?)null;
            switch (args[i])
            {
                case "--items" when value is not null: items = value.Value; i++; break;
                case "--orgs" when value is not null: orgs = value.Value; i++; break;
                case "--users" when value is not null: users = value.Value; i++; break;
                case "--seed" when value is not null: seed = value.Value; i++; break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) && args[i].Contains(':', StringComparison.Ordinal))
                    {
                        i++; // a configuration override such as --Database:Provider Postgres
                        break;
                    }

                    error = $"unknown argument '{args[i]}'";
                    break;
            }
        }

        if (error is null && items < 1)
        {
            error = "--items must be at least 1";
        }
        else if (error is null && orgs < 3)
        {
            error = "--orgs must be at least 3";
        }

        options = new GeneratorOptions(items, orgs, users, seed);
        return error is null;
    }
}
