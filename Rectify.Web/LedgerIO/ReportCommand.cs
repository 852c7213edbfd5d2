using Rectify.Documents;
using Rectify.Domain.Reports;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// <c>dotnet run --project Rectify.Web -- import-report FILE</c>: the 述职报告 parser for batch use. Prints the problems and
/// measures as JSON ({"problems":[{"title","text"}],"measures":[…]}) and exits 0; exits 2 with a message when the report has
/// no problems section, 1 when the file is missing or unreadable. Starts no web host and touches no database.
/// </summary>
public static class ReportCommand
{
    public const string Name = "import-report";

    /// <summary>The exit code when <paramref name="args"/> is this command; null when it is not (start the web app then).</summary>
    public static int? TryRun(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        if (args.Length == 0 || args[0] != Name)
        {
            return null;
        }

        output ??= Console.Out;
        error ??= Console.Error;
        // A command line has no request: it speaks the default language.
        var t = new TextCatalog().For(CultureInfo.GetCultureInfo("zh-CN"));
        if (args.Length != 2)
        {
            error.WriteLine(t["LedgerIO.Cli.Usage"]);
            return 1;
        }

        var path = Resolve(args[1]);
        if (!File.Exists(path))
        {
            error.WriteLine(t["LedgerIO.Cli.NotFound", path]);
            return 1;
        }

        string text;
        try
        {
            using var stream = File.OpenRead(path);
            text = Path.GetExtension(path).Equals(".docx", StringComparison.OrdinalIgnoreCase)
                ? ReportDocumentReader.ReadDocx(stream)
                : ReportDocumentReader.ReadText(stream);
        }
        catch (FileLimitException e)
        {
            error.WriteLine(e.UserMessage(t));
            return 1;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine(t["LedgerIO.Cli.Unreadable", path]);
            return 1;
        }

        var result = new ReportParser().Parse(text);
        if (!result.FoundProblemsSection)
        {
            error.WriteLine(t["LedgerIO.Cli.NoProblems", path]);
            return 2;
        }

        output.WriteLine(result.ToJson());
        return 0;
    }

    /// <summary>
    /// `dotnet run --project Rectify.Web` starts the app in the project's folder, so a path relative to where the user
    /// typed the command is looked up there too (the shell's PWD, which the child process inherits).
    /// </summary>
    private static string Resolve(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path) || Environment.GetEnvironmentVariable("PWD") is not { Length: > 0 } shell)
        {
            return path;
        }

        var fromShell = Path.Combine(shell, path);
        return File.Exists(fromShell) ? fromShell : path;
    }
}
