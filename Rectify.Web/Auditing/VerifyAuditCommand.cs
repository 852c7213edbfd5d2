namespace Rectify.Web.Auditing;

/// <summary>
/// <c>dotnet Rectify.Web.dll verify-audit</c>: checks the audit log's hash chain of the configured database without starting
/// the web server. Exit 0 when intact, 3 when broken (naming the first broken entry).
/// </summary>
public static class VerifyAuditCommand
{
    public const string Name = "verify-audit";

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AuditChain>().VerifyAsync();
        if (result.Intact)
        {
            await output.WriteLineAsync($"操作记录完整：已校验 {result.Checked} 条，另有 {result.Unsealed} 条待封存。");
            return 0;
        }

        await output.WriteLineAsync($"操作记录被篡改：第 {result.FirstBrokenId} 号记录起链条断裂。{result.Problem}");
        return 3;
    }
}
