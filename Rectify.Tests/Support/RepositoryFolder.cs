namespace Rectify.Tests.Support;

/// <summary>The checkout the tests run from (the folder holding Rectify.sln), for tests that read the sources.</summary>
public static class RepositoryFolder
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Rectify.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Rectify.sln not found above " + AppContext.BaseDirectory);
    }
}
