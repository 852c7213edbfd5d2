using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;
using Rectify.Web.Evidence;
using Rectify.Web.Hosting;

namespace Rectify.Web.Operations;

internal static class FolderProbe
{
    /// <summary>The name of the empty file written and deleted to prove a folder writable (the readiness checks, every 30 s).</summary>
    public const string ProbePrefix = ".ready-";

    public static bool Writable(string folder, out string? error)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $"{ProbePrefix}{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = ex.GetType().Name;
            return false;
        }
    }
}
