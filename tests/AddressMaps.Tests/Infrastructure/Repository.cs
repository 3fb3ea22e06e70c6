namespace AddressMaps.Tests.Infrastructure;

/// <summary>The checkout the tests run from: the folder above the test assembly that holds
/// AddressMaps.sln, for tests that read the docs, scripts and sources themselves.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootFolder = new(Find);

    public static string Root => RootFolder.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AddressMaps.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder holding AddressMaps.sln above {AppContext.BaseDirectory}");
    }
}
