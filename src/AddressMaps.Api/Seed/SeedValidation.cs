using System.Runtime.CompilerServices;

namespace AddressMaps.Api.Seed;

/// <summary>Checks a seed document before anything is written, naming every bad entry, so that a
/// bad seed fails with a message rather than a database error.</summary>
public static class SeedValidation
{
    public static void Validate(SeedDocument seed)
    {
        var problems = new Problems();
        foreach (var a in seed.Accounts ?? [])
        {
            CheckAccount(a, problems);
        }

        CheckIdentities(seed, problems);
        CheckDelegations(seed, problems);
        if (problems.Found.Count > 0)
        {
            throw new InvalidOperationException("Invalid seed document:\n  - " + string.Join("\n  - ", problems.Found));
        }
    }

    /// <summary>The problems found. A check's message is written only when the check fails:
    /// scripts/bench --scale's seed makes about 700,000 checks, nearly all passing, and writing
    /// each one's message was about a fifth of the validation's time (issue 13, a warm start:
    /// 0.27-0.33 s -> 0.22-0.27 s).</summary>
    private sealed class Problems
    {
        public List<string> Found { get; } = [];

        public void Check(bool ok, [InterpolatedStringHandlerArgument("ok")] ref Message problem)
        {
            if (!ok)
            {
                Found.Add(problem.ToStringAndClear());
            }
        }

        public void Check(bool ok, string problem)
        {
            if (!ok)
            {
                Found.Add(problem);
            }
        }
    }

    /// <summary>An interpolated message that is formatted only when its check failed.</summary>
    [InterpolatedStringHandler]
    private ref struct Message
    {
        private DefaultInterpolatedStringHandler text;

        public Message(int literalLength, int formattedCount, bool ok, out bool write)
        {
            write = !ok;
            text = write ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
        }

        public void AppendLiteral(string value) => text.AppendLiteral(value);

        public void AppendFormatted<T>(T value) => text.AppendFormatted(value);

        public string ToStringAndClear() => text.ToStringAndClear();
    }

    private static void CheckAccount(SeedAccount a, Problems problems)
    {
        problems.Check(Identifiers.IsCloudflareId(a.Id), $"account id '{a.Id}' is not 32 lowercase hex");
        foreach (var z in a.Zones ?? [])
        {
            problems.Check(Identifiers.IsCloudflareId(z.Id), $"zone id '{z.Id}' is not 32 lowercase hex");
            problems.Check(Text.IsHostname(z.Name.ToLowerInvariant()) && !z.Name.StartsWith('*'), $"zone name '{z.Name}' is not a hostname");
            foreach (var problem in (z.Records ?? []).SelectMany(r => Dns.DnsRecordRules.Problems(z.Name, r)))
            {
                problems.Check(false, problem);
            }
        }

        foreach (var p in a.Prefixes ?? [])
        {
            problems.Check(Identifiers.IsCloudflareId(p.Id), $"prefix id '{p.Id}' is not 32 lowercase hex");
            problems.Check(IPNetwork.TryParse(p.Cidr, out var net) && net.ToString() == p.Cidr, $"prefix cidr '{p.Cidr}' is not a canonical CIDR");
        }

        foreach (var ip in a.StaticIps ?? [])
        {
            problems.Check(IpAddresses.TryParse(ip, out _), $"static IP '{ip}' is not an IP address");
        }

        CheckManagedMaps(a, problems);
        problems.Check(a.Origin is null or "seed" or "api", $"account {a.Id} origin '{a.Origin}' is not seed/api");
        CheckMaps(a, problems);
    }

    private static void CheckManagedMaps(SeedAccount a, Problems problems)
    {
        foreach (var m in a.ManagedMaps ?? [])
        {
            problems.Check(Identifiers.IsCloudflareId(m.Id), $"managed map id '{m.Id}' is not 32 lowercase hex");
            foreach (var ms in m.Memberships ?? [])
            {
                problems.Check(EnumText.ParseKind(ms.Kind) is not null, $"membership kind '{ms.Kind}' of map {m.Id} is not zone/account");
                problems.Check(Identifiers.IsCloudflareId(ms.Identifier), $"membership identifier '{ms.Identifier}' of map {m.Id} is not 32 lowercase hex");
            }

            foreach (var ip in m.Ips ?? [])
            {
                problems.Check(IpAddresses.TryParse(ip, out _), $"IP '{ip}' of map {m.Id} is not an IP address");
            }
        }
    }

    private static void CheckMaps(SeedAccount a, Problems problems)
    {
        foreach (var m in a.Maps ?? [])
        {
            problems.Check(Identifiers.IsCloudflareId(m.Id), $"map id '{m.Id}' is not 32 lowercase hex");
            problems.Check(m.Description?.Contains('\0', StringComparison.Ordinal) != true, $"map {m.Id} description contains U+0000");
            problems.Check((m.Ips ?? []).All(ip => IpAddresses.TryParse(ip.Ip, out _)), $"an IP of map {m.Id} is not an IP address");
            problems.Check((m.Memberships ?? []).All(ms => EnumText.ParseKind(ms.Kind) is not null && Identifiers.IsCloudflareId(ms.Identifier)),
                $"a membership of map {m.Id} has a kind other than zone/account or an identifier that is not 32 lowercase hex");
        }
    }

    /// <summary>Each delegation: 32-hex id, a canonical CIDR inside its prefix, to another account of
    /// the document, overlapping no other delegation of the prefix (CONTRACT §10.2).</summary>
    private static void CheckDelegations(SeedDocument seed, Problems problems)
    {
        var accounts = (seed.Accounts ?? []).Select(a => a.Id).ToHashSet();
        foreach (var (a, p) in (seed.Accounts ?? []).SelectMany(a => (a.Prefixes ?? []).Select(p => (a, p))))
        {
            var taken = new List<IPNetwork>();
            var parentOk = IPNetwork.TryParse(p.Cidr, out var parent);
            foreach (var d in p.Delegations ?? [])
            {
                problems.Check(Identifiers.IsCloudflareId(d.Id), $"delegation id '{d.Id}' of prefix {p.Id} is not 32 lowercase hex");
                var ok = IPNetwork.TryParse(d.Cidr, out var cidr) && cidr.ToString() == d.Cidr;
                problems.Check(ok, $"delegation {d.Id} cidr '{d.Cidr}' is not a canonical CIDR");
                problems.Check(!ok || !parentOk || (IpAddresses.Contains(parent, cidr.BaseAddress) && cidr.PrefixLength >= parent.PrefixLength),
                    $"delegation {d.Id} cidr {d.Cidr} does not lie inside prefix {p.Id} ({p.Cidr})");
                problems.Check(!ok || !taken.Any(t => IpAddresses.Contains(t, cidr.BaseAddress) || IpAddresses.Contains(cidr, t.BaseAddress)),
                    $"delegation {d.Id} cidr {d.Cidr} overlaps another delegation of prefix {p.Id}");
                problems.Check(d.DelegatedAccountId != a.Id, $"delegation {d.Id} is delegated to the prefix's own account {a.Id}");
                problems.Check(accounts.Contains(d.DelegatedAccountId), $"delegation {d.Id} names delegated_account_id '{d.DelegatedAccountId}', which is not an account of the document");
                if (ok)
                {
                    taken.Add(cidr);
                }
            }
        }
    }

    private static void CheckIdentities(SeedDocument seed, Problems problems)
    {
        foreach (var t in seed.Tokens ?? [])
        {
            problems.Check(t.Status is null || EnumText.ParseStatus(t.Status) is not null, $"token {t.Id} status '{t.Status}' is not active/disabled");
            problems.Check(t.User is null || (seed.Users ?? []).Any(u => u.Id == t.User), $"token {t.Id} names user '{t.User}', who is not in the seed's users");
            problems.Check(t.Value is null || CredentialParser.BearerToken("Bearer " + t.Value) is not null, $"token {t.Id} value is not 40 characters of [A-Za-z0-9_-]");
            foreach (var g in (t.Policies ?? []).SelectMany(p => p.PermissionGroups))
            {
                problems.Check(PermissionGroups.All.Contains(g), $"token {t.Id} permission group '{g}' is unknown (known: {string.Join(", ", PermissionGroups.All)})");
            }
        }

        var accounts = (seed.Accounts ?? []).Select(a => a.Id).ToHashSet();
        foreach (var forAccount in (seed.Users ?? []).Select(u => u.ForAccount).Concat((seed.Tokens ?? []).Select(t => t.ForAccount)).OfType<string>())
        {
            problems.Check(accounts.Contains(forAccount), $"for_account '{forAccount}' is not an account of the document");
        }

        foreach (var u in seed.Users ?? [])
        {
            problems.Check(CredentialParser.IsValidEmail(u.Email), $"user email '{u.Email}' is not an email address");
            problems.Check(u.GlobalKey is null || CredentialParser.IsValidGlobalKey(u.GlobalKey), $"user {u.Email} global key is not 37 lowercase hex");
        }
    }
}
