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
        var given = new List<AuditAnchor>();
        for (var i = 1; i < args.Count; i++)
        {
            if (args[i] == "--anchor" && i + 1 < args.Count && AuditAnchor.Parse(args[i + 1], AuditChain.GivenSource) is { } anchor)
            {
                given.Add(anchor);
                i++;
                continue;
            }

            await output.WriteLineAsync($"无法识别的参数：{args[i]}（用法：verify-audit [--anchor 记录号:哈希]）");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AuditChain>().VerifyAsync(given);
        await output.WriteLineAsync($"已与 {result.AnchorsChecked} 个锚点比对。");
        if (result.Head is { } head)
        {
            await output.WriteLineAsync($"当前链头：第 {head.HeadId} 号记录，共 {head.Count} 条，锚点 {head.Token}");
        }

        if (result.Intact)
        {
            await output.WriteLineAsync($"操作记录完整：已校验 {result.Checked} 条，另有 {result.Unsealed} 条待封存。");
            return 0;
        }

        await output.WriteLineAsync($"操作记录被篡改：第 {result.FirstBrokenId} 号记录起链条断裂。{result.Problem}");
        return 3;
    }
}
