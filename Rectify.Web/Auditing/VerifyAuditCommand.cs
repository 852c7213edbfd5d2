namespace Rectify.Web.Auditing;

/// <summary>
/// <c>dotnet Rectify.Web.dll verify-audit [--anchor ID:HASH]...</c>: checks the audit log's hash chain of the configured
/// database without starting the web server, against every anchor on this machine (latest sealing, periodic anchors, backup
/// manifests) and the ones given (e.g. from an anchor mail). Exit 0 when intact, 3 when broken (naming the first broken
/// entry), 2 for an anchor that cannot be read.
/// </summary>
public static class VerifyAuditCommand
{
    public const string Name = "verify-audit";

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        // A command line has no request: it speaks the default language.
        var t = services.GetRequiredService<TextCatalog>().For(CultureInfo.GetCultureInfo("zh-CN"));
        var given = new List<AuditAnchor>();
        for (var i = 1; i < args.Count; i++)
        {
            if (args[i] == "--anchor" && i + 1 < args.Count && AuditAnchor.Parse(args[i + 1], AuditChain.GivenSource) is { } anchor)
            {
                given.Add(anchor);
                i++;
                continue;
            }

            await output.WriteLineAsync(t["AuditLog.Cli.BadArgument", args[i]]);
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AuditChain>().VerifyAsync(given);
        await output.WriteLineAsync(t["AuditLog.Cli.Compared", result.AnchorsChecked]);
        if (result.Head is { } head)
        {
            await output.WriteLineAsync(t["AuditLog.Cli.Head", head.HeadId, head.Count, head.Token]);
        }

        if (result.Intact)
        {
            await output.WriteLineAsync(t["AuditLog.Cli.Intact", result.Checked, result.Unsealed]);
            return 0;
        }

        await output.WriteLineAsync(t["AuditLog.Cli.Broken", result.FirstBrokenId!, result.Problem!]);
        return 3;
    }
}
