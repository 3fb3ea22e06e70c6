using System.Security.Cryptography;

namespace AddressMaps.Api.Seed;

/// <summary>A seed file as a start reads it: the SHA-256 of its bytes at once, its document parsed
/// and checked only when first asked for (<see cref="Document"/>). A start whose file is the one
/// in force needs the digest alone (<see cref="WorldState.LoadUnlessInForceAsync"/>): issue 13,
/// parsing and checking the --scale seed's 63 MB took 1.2 s of a 3.1 s warm start, and beside
/// the migrations it slowed them by more than that. The document's task fails with the
/// <see cref="StartupException"/> of <see cref="WorldStateStartup.Checked"/>. The bytes are let go
/// once parsed, or by <see cref="Release"/> when the document will not be asked for.</summary>
public sealed class SeedFile
{
    private readonly Lazy<Task<SeedDocument>> document;
    private byte[]? bytes;

    private SeedFile(string path, byte[] bytes)
    {
        Path = path;
        Length = bytes.Length;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        this.bytes = bytes;
        document = new(() => Task.Run(Parse));
    }

    public string Path { get; }

    public long Length { get; }

    public string Sha256 { get; }

    /// <summary>The document, parsed and checked on the thread pool on first use.</summary>
    public Task<SeedDocument> Document => document.Value;

    /// <summary>Whether <see cref="Document"/> was asked for.</summary>
    public bool DocumentAsked => document.IsValueCreated;

    public static SeedFile Read(string path) => new(path, WorldStateStartup.ReadBytes(path));

    /// <summary>Lets the bytes go (a 63 MB array for the --scale seed) when the document has not
    /// been, and will not be, asked for.</summary>
    public void Release()
    {
        if (!DocumentAsked)
        {
            bytes = null;
        }
    }

    private SeedDocument Parse() =>
        WorldStateStartup.Checked(Path, Interlocked.Exchange(ref bytes, null) ?? throw new InvalidOperationException($"the bytes of seed file {Path} were let go before its document was read"));
}
