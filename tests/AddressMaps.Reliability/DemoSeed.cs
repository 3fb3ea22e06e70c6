using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text.Json;

namespace AddressMaps.Reliability;

/// <summary>Demo identities, read from the seed document the API loads (never copied into code).</summary>
public sealed class DemoSeed
{
    public string AccountId { get; private set; } = "";
    public string Email { get; private set; } = "";
    public string GlobalKey { get; private set; } = "";
    public string WriteToken { get; private set; } = "";
    public string? ReadToken { get; private set; }
    public string? ExpiredToken { get; private set; }
    public List<string> Zones { get; } = [];
    public List<string> ZoneNames { get; } = [];
    public List<IPNetwork> V4Prefixes { get; } = [];
    public List<IPNetwork> V6Prefixes { get; } = [];
    public List<string> PrefixIds { get; } = [];
    /// <summary>Accounts other than the demo one, with a write token on each when the seed has one.</summary>
    public List<(string Account, string? Token, List<string> Zones, bool AddOn)> Others { get; } = [];
    public List<string> ManagedMapIds { get; } = [];

    public static DemoSeed Load(Options options)
    {
        var path = options.SeedFile ?? Path.Combine(Path.GetDirectoryName(options.ApiDll)!, "Seed", "demo-seed.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var seed = new DemoSeed();
        var user = root.GetProperty("users").EnumerateArray()
            .First(u => u.TryGetProperty("global_key", out var k) && k.ValueKind == JsonValueKind.String);
        seed.Email = user.GetProperty("email").GetString()!;
        seed.GlobalKey = user.GetProperty("global_key").GetString()!;
        var userAccounts = user.GetProperty("accounts").EnumerateArray().Select(a => a.GetString()!).ToList();

        var accounts = root.GetProperty("accounts").EnumerateArray().ToList();
        var demo = accounts.First(a => userAccounts.Contains(a.GetProperty("id").GetString()!) &&
                                       a.GetProperty("address_maps_enabled").GetBoolean() &&
                                       a.GetProperty("prefixes").GetArrayLength() > 0);
        seed.AccountId = demo.GetProperty("id").GetString()!;
        seed.Zones.AddRange(demo.GetProperty("zones").EnumerateArray().Select(z => z.GetProperty("id").GetString()!));
        seed.ZoneNames.AddRange(demo.GetProperty("zones").EnumerateArray().Select(z => z.GetProperty("name").GetString()!));
        foreach (var p in demo.GetProperty("prefixes").EnumerateArray())
        {
            if (p.TryGetProperty("approved", out var ok) && !ok.GetBoolean())
            {
                continue;
            }

            seed.PrefixIds.Add(p.GetProperty("id").GetString()!);
            var net = IPNetwork.Parse(p.GetProperty("cidr").GetString()!);
            (net.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? seed.V4Prefixes : seed.V6Prefixes).Add(net);
        }

        var tokens = root.GetProperty("tokens").EnumerateArray().ToList();
        string? TokenFor(string account, Func<List<string>, bool> groups, bool expired) => tokens
            .Where(t => t.GetProperty("status").GetString() == "active")
            .Where(t => IsExpired(t) == expired)
            .Where(t => t.GetProperty("policies").EnumerateArray().Any(p =>
                p.GetProperty("account").GetString() == account &&
                groups(p.GetProperty("permission_groups").EnumerateArray().Select(g => g.GetString()!).ToList())))
            .Select(t => t.TryGetProperty("value", out var v) ? v.GetString() : null)
            .FirstOrDefault(v => v is not null);

        seed.WriteToken = TokenFor(seed.AccountId, g => g.Contains("Address Maps Write"), false)
                          ?? throw new InvalidOperationException("the seed has no active Address Maps Write token on the demo account");
        seed.ReadToken = TokenFor(seed.AccountId, g => g.Contains("Address Maps Read") && !g.Contains("Address Maps Write"), false);
        seed.ExpiredToken = TokenFor(seed.AccountId, _ => true, true);

        foreach (var a in accounts)
        {
            var id = a.GetProperty("id").GetString()!;
            foreach (var m in a.GetProperty("managed_maps").EnumerateArray())
            {
                seed.ManagedMapIds.Add(m.GetProperty("id").GetString()!);
            }

            if (id == seed.AccountId)
            {
                continue;
            }

            seed.Others.Add((id, TokenFor(id, g => g.Contains("Address Maps Write"), false),
                a.GetProperty("zones").EnumerateArray().Select(z => z.GetProperty("id").GetString()!).ToList(),
                a.GetProperty("address_maps_enabled").GetBoolean()));
        }

        if (seed.Zones.Count < 2 || seed.V4Prefixes.Count == 0 || seed.V6Prefixes.Count == 0)
        {
            throw new InvalidOperationException("the demo account needs at least two zones, an IPv4 and an IPv6 prefix");
        }

        return seed;
    }

    private static bool IsExpired(JsonElement token) =>
        token.TryGetProperty("expires_on", out var e) && e.ValueKind == JsonValueKind.String &&
        DateTime.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal) < DateTime.UtcNow;

    /// <summary>The n-th address of a prefix (n wraps within its size).</summary>
    public static string Nth(IPNetwork net, BigInteger n)
    {
        var bytes = net.BaseAddress.GetAddressBytes();
        var bits = bytes.Length * 8 - net.PrefixLength;
        var size = BigInteger.One << Math.Min(bits, 120);
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true) + (n % size);
        var outBytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var full = new byte[bytes.Length];
        Array.Copy(outBytes, 0, full, full.Length - outBytes.Length, outBytes.Length);
        return new IPAddress(full).ToString();
    }
}
