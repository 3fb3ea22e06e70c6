using System.Globalization;
using System.Text.RegularExpressions;

namespace AddressMaps.Api.Platform;

/// <summary>Text rules every capability shares: hostnames, storable strings, timestamps.</summary>
public static partial class Text
{
    /// <summary>A value quoted in a message, cut at 100 characters.</summary>
    public static string Shorten(string s) => s.Length <= 100 ? s : s[..100] + "…";

    /// <summary>A DNS hostname (lower case), a leading <c>*.</c> allowed, at least two labels.</summary>
    public static bool IsHostname(string host)
    {
        var bare = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        if (bare.Length is 0 or > 253 || !bare.Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        return bare.Split('.').All(label => HostLabel().IsMatch(label));
    }

    /// <summary>PostgreSQL text cannot hold U+0000, so a string field with one is refused by name
    /// rather than failing in the database (docs/fidelity.md).</summary>
    public static void EnsureStorable(string field, string? value)
    {
        if (value is not null && value.Contains('\0', StringComparison.Ordinal))
        {
            throw Errors.InvalidField.With($"invalid value for field '{field}': it contains U+0000 (NUL), which PostgreSQL text cannot store");
        }
    }

    /// <summary>A path pattern where <c>*</c> stands for one segment and everything else is
    /// literal, as a regular expression (the journal's and the fault rules' <c>path</c>).</summary>
    public static string SegmentPattern(string path) =>
        "^" + string.Join("[^/]+", path.Split('*').Select(Regex.Escape)) + "$";

    /// <summary>RFC 3339 UTC with fractional seconds, trailing zeros trimmed (CONTRACT §1).</summary>
    /// Written as the round-trip format ("O", .NET's fast path) cut to microseconds, then trimmed:
    /// the same text as the custom format <c>yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'</c> (checked over
    /// 20,000 instants by AddressMapRulesTests), for less (the list formats two per map; issue 13).
    public static string Timestamp(DateTime utc)
    {
        Span<char> o = stackalloc char[28]; // 2024-05-01T12:34:56.1234567Z
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).TryFormat(o, out _, "O", CultureInfo.InvariantCulture);
        var end = 26; // after the sixth fractional digit: PostgreSQL keeps microseconds
        while (o[end - 1] == '0')
        {
            end--;
        }

        if (o[end - 1] == '.')
        {
            end--;
        }

        o[end] = 'Z';
        return new string(o[..(end + 1)]);
    }

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex HostLabel();
}
