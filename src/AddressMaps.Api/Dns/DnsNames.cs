namespace AddressMaps.Api.Dns;

/// <summary>What may be asked: names and types (EMULATOR.md §8, bad input).</summary>
public static class DnsNames
{
    /// <summary>The types answered with data; any other type gets NOERROR without data.</summary>
    public static readonly IReadOnlySet<string> KnownTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "A", "AAAA", "CNAME", "TXT", "NS", "SOA", "MX", "SRV", "CAA", "PTR", "HTTPS", "SVCB", "DS", "DNSKEY", "ANY",
    };

    /// <summary>A name and type fit to ask: null, or what is wrong (names over 253 characters,
    /// labels over 63, empty labels, characters outside letters, digits, '-', '_' and '*').</summary>
    public static string? Problem(string name)
    {
        var bare = Normalize(name);
        if (bare.Length == 0)
        {
            return "name is empty";
        }

        if (bare.Length > 253)
        {
            return $"name is {bare.Length} characters long; a DNS name has at most 253";
        }

        foreach (var label in bare.Split('.'))
        {
            if (label.Length == 0)
            {
                return "name has an empty label";
            }

            if (label.Length > 63)
            {
                return $"label '{Text.Shorten(label)}' is {label.Length} characters long; a label has at most 63";
            }

            if (!label.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '*'))
            {
                return $"label '{Text.Shorten(label)}' has a character other than letters, digits, '-', '_' or '*'";
            }
        }

        return null;
    }

    /// <summary>Lower case, without the trailing dot of the root.</summary>
    public static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();
}
