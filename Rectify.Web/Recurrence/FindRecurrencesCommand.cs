namespace Rectify.Web.Recurrence;

/// <summary>
/// <c>dotnet Rectify.Web.dll find-recurrences [--since yyyy-MM-dd]</c>: finds likely recurrences (屡查屡犯) among the items
/// already in the ledger (<see cref="RecurrenceScan"/>), those created on or after the day given or all, and leaves them for an
/// administrator to confirm or dismiss on /admin/recurrences. Marks nothing itself. Run again, it proposes only new pairs. Exit
/// 0 when done, 2 for bad arguments. Safe while instances run (docs/recurrence.md).
/// </summary>
public static class FindRecurrencesCommand
{
    public const string Name = "find-recurrences";

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        // A command line has no request: it speaks the default language.
        var t = services.GetRequiredService<TextCatalog>().For(CultureInfo.GetCultureInfo("zh-CN"));
        DateOnly? since = null;
        for (var i = 1; i < args.Count; i++)
        {
            if (args[i] == "--since" && i + 1 < args.Count)
            {
                if (!DateOnly.TryParseExact(args[i + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    await output.WriteLineAsync(t["Recurrence.Cli.BadDate", args[i + 1]]);
                    return 2;
                }

                since = day;
                i++;
                continue;
            }

            await output.WriteLineAsync(t["Recurrence.Cli.BadArgument", args[i]]);
            return 2;
        }

        // The schema as a start would leave it (the proposals table may be new), under the same start-up lock.
        await ActivatorUtilities.CreateInstance<DatabaseInitializer>(services).StartAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        // Written at once, in order, before the last line (Progress<T> would post each line to the thread pool, to be written
        // later and concurrently: lines could come after "done" or be lost in the writer).
        var progress = new InOrder<RecurrenceScanResult>(p => output.WriteLine(t["Recurrence.Cli.Progress", p.Checked, p.Proposed]));
        var result = await scope.ServiceProvider.GetRequiredService<RecurrenceScan>().ScanAsync(since, progress, cancellationToken);
        await output.WriteLineAsync(t["Recurrence.Cli.Done", result.Checked, result.Proposed]);
        return 0;
    }

    private sealed class InOrder<T>(Action<T> write) : IProgress<T>
    {
        private readonly Lock _gate = new();

        public void Report(T value)
        {
            lock (_gate)
            {
                write(value);
            }
        }
    }
}
