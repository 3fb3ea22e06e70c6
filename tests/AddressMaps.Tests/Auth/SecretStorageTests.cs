using System.Security.Cryptography;
using System.Text;

namespace AddressMaps.Tests.Auth;

/// <summary>Secrets are stored as SHA-256 only: no column of any table holds a token or the global
/// key in plain text (nor its bytes in hex or base64).</summary>
public sealed class SecretStorageTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly Dictionary<string, string> SeedTokens = Demo.Seed.Tokens!.ToDictionary(t => t.Id, t => t.Value!);

    [Fact]
    public async Task Every_seed_token_is_stored_as_the_SHA_256_of_its_secret()
    {
        using var db = Fixture.NewDbContext();
        var stored = await db.ApiTokens.AsNoTracking().Where(t => SeedTokens.Keys.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.SecretHash);

        Assert.Equal(SeedTokens.Keys.Order(), stored.Keys.Order());
        Assert.All(SeedTokens, t => Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(t.Value)), stored[t.Key]));
    }

    [Fact]
    public async Task The_demo_global_key_is_stored_as_its_SHA_256()
    {
        using var db = Fixture.NewDbContext();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == Demo.Email);

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(Demo.GlobalKey)), user.KeyHash);
    }

    [Fact]
    public async Task No_row_of_any_table_contains_a_secret_in_plain_text()
    {
        // Exercise every credential first, so that nothing written on the way (a cache, a last-used
        // column) escapes the check.
        foreach (var credentials in new[] { Credentials.DemoKey, Credentials.WriteToken, Credentials.ReadToken, Credentials.OtherWriteToken, Credentials.StaticWriteToken, Credentials.NoAddOnWriteToken, Credentials.ExpiredToken })
        {
            await Api.As(credentials).GetAsync(CloudflareClient.Maps());
        }

        using var db = Fixture.NewDbContext();
        var tables = await db.Database
            .SqlQuery<string>($"SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
            .ToListAsync();
        var rows = new List<string>();
        foreach (var table in tables)
        {
            // The name comes from the catalogue and is quoted; nothing here is user input.
#pragma warning disable EF1002
            rows.AddRange(await db.Database.SqlQueryRaw<string>($"SELECT row_to_json(t)::text AS \"Value\" FROM public.\"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\" t").ToListAsync());
#pragma warning restore EF1002
        }

        Assert.Contains("api_tokens", tables);
        Assert.Contains("users", tables);
        foreach (var secret in SeedTokens.Values.Append(Demo.GlobalKey))
        {
            var bytes = Encoding.UTF8.GetBytes(secret);
            string[] forms = [secret, Convert.ToHexStringLower(bytes), Convert.ToBase64String(bytes)];
            Assert.All(rows, row => Assert.All(forms, form => Assert.DoesNotContain(form, row, StringComparison.OrdinalIgnoreCase)));
        }
    }
}
