using System.Net;
using System.Text.Json;
using AddressMaps.Api.Auth;
using AddressMaps.Api.Data;
using AddressMaps.Api.Domain;
using AddressMaps.Api.Validation;
using Microsoft.EntityFrameworkCore;

namespace AddressMaps.Api.Seed;

/// <summary>Applies migrations and loads the seed into PostgreSQL at start-up. Idempotent: the
/// same seed again changes nothing, and no user map is touched. Serialised across replicas with a
/// PostgreSQL advisory lock.</summary>
public sealed class SeedLoader(AddressMapsDbContext db, TimeProvider time, ILogger<SeedLoader> logger)
{
    public const string DemoSeedFile = "Seed/demo-seed.json";
    private const long AdvisoryLockKey = 0x4164_6472_4d61_7073; // "AddrMaps"

    public static SeedDocument Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Seed file '{path}' not found. Set AddressMaps__SeedFile to an existing JSON seed document, or leave it empty for the demo seed.");
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), SeedJsonContext.Default.SeedDocument)
                ?? throw new InvalidOperationException($"Seed file '{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Seed file '{path}' is not a valid seed document: {e.Message}", e);
        }
    }

    public async Task LoadAsync(SeedDocument seed, CancellationToken ct)
    {
        Validate(seed);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct);
        var now = AddressMapRules.TruncateToMicroseconds(time.GetUtcNow().UtcDateTime);

        foreach (var a in seed.Accounts ?? [])
        {
            await UpsertAsync(db.Accounts, a.Id, () => new Account { Id = a.Id, Name = a.Name }, x =>
            {
                x.Name = a.Name;
                x.AddressMapsEnabled = a.AddressMapsEnabled;
            }, ct);
        }

        await db.SaveChangesAsync(ct);

        foreach (var a in seed.Accounts ?? [])
        {
            foreach (var z in a.Zones ?? [])
            {
                await UpsertAsync(db.Zones, z.Id, () => new Zone { Id = z.Id, AccountId = a.Id, Name = z.Name }, x =>
                {
                    x.AccountId = a.Id;
                    x.Name = z.Name.ToLowerInvariant();
                }, ct);
            }

            foreach (var p in a.Prefixes ?? [])
            {
                var created = p.CreatedAt?.ToUniversalTime() ?? new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
                await UpsertAsync(db.Prefixes, p.Id, () => new Prefix { Id = p.Id, AccountId = a.Id, Cidr = IPNetwork.Parse(p.Cidr) }, x =>
                {
                    x.AccountId = a.Id;
                    x.Cidr = IPNetwork.Parse(p.Cidr);
                    x.Approved = p.Approved;
                    x.Description = p.Description;
                    x.Asn = p.Asn;
                    x.OnDemandEnabled = p.OnDemandEnabled ?? false;
                    x.OnDemandLocked = p.OnDemandLocked ?? false;
                    x.Advertised = p.OnDemandEnabled == true ? p.Advertised : null;
                    x.AdvertisedModifiedAt = p.OnDemandEnabled == true ? created : null;
                    x.DelegateLoaCreation = p.DelegateLoaCreation ?? false;
                    x.LoaDocumentId = p.LoaDocumentId;
                    var state = p.ValidationState ?? (p.Approved ? "success" : "pending");
                    (x.IrrValidationState, x.OwnershipValidationState, x.RpkiValidationState) = (state, state, state);
                    x.CreatedAt = created;
                    x.ModifiedAt = created;
                }, ct);
            }

            foreach (var raw in a.StaticIps ?? [])
            {
                var ip = AddressMapRules.ParseIp(raw);
                var existing = await db.StaticIps.SingleOrDefaultAsync(s => s.Ip == ip, ct);
                if (existing is null)
                {
                    db.StaticIps.Add(new StaticIp { Ip = ip, AccountId = a.Id });
                }
                else
                {
                    existing.AccountId = a.Id;
                }
            }
        }

        await db.SaveChangesAsync(ct);

        foreach (var a in seed.Accounts ?? [])
        {
            foreach (var m in a.ManagedMaps ?? [])
            {
                if (await db.AddressMaps.AnyAsync(x => x.Id == m.Id, ct))
                {
                    continue; // created on an earlier start; the API owns it now
                }

                var created = m.CreatedAt?.ToUniversalTime() ?? now;
                db.AddressMaps.Add(new AddressMap
                {
                    Id = m.Id,
                    AccountId = a.Id,
                    Description = m.Description,
                    Enabled = m.Enabled,
                    CanDelete = m.CanDelete,
                    CanModifyIps = m.CanModifyIps,
                    CreatedAt = created,
                    ModifiedAt = created,
                    Ips = (m.Ips ?? []).Select(ip => new AddressMapIp { AddressMapId = m.Id, Ip = AddressMapRules.ParseIp(ip), CreatedAt = created }).ToList(),
                    Memberships = (m.Memberships ?? []).Select(ms => new AddressMapMembership
                    {
                        AddressMapId = m.Id,
                        Kind = ms.Kind,
                        Identifier = ms.Identifier,
                        CanDelete = ms.CanDelete,
                        CreatedAt = created,
                    }).ToList(),
                });
            }
        }

        foreach (var u in seed.Users ?? [])
        {
            var hash = SecretHash(u.GlobalKey, u.GlobalKeySha256, $"user {u.Email}");
            var user = await UpsertAsync(db.Users, u.Id, () => new User { Id = u.Id, Email = u.Email, KeyHash = hash }, x =>
            {
                x.Email = u.Email.ToLowerInvariant();
                if (!x.KeyHash.AsSpan().SequenceEqual(hash))
                {
                    x.KeyHash = hash;
                }
            }, ct);
            var wanted = (u.Accounts ?? []).ToHashSet();
            var have = await db.UserAccounts.Where(x => x.UserId == u.Id).ToListAsync(ct);
            db.UserAccounts.RemoveRange(have.Where(x => !wanted.Contains(x.AccountId)));
            db.UserAccounts.AddRange(wanted.Where(acc => have.All(h => h.AccountId != acc)).Select(acc => new UserAccount { UserId = user.Id, AccountId = acc }));
        }

        foreach (var t in seed.Tokens ?? [])
        {
            var hash = SecretHash(t.Value, t.ValueSha256, $"token {t.Id}");
            await UpsertAsync(db.ApiTokens, t.Id, () => new ApiToken { Id = t.Id, Name = t.Name, SecretHash = hash, Status = "active" }, x =>
            {
                x.Name = t.Name;
                if (!x.SecretHash.AsSpan().SequenceEqual(hash))
                {
                    x.SecretHash = hash;
                }

                x.Status = t.Status ?? "active";
                x.NotBefore = t.NotBefore?.ToUniversalTime();
                x.ExpiresOn = t.ExpiresOn?.ToUniversalTime();
                x.UserId = t.User;
            }, ct);
            var wanted = (t.Policies ?? []).SelectMany(p => p.PermissionGroups.Select(g => (p.Account, g))).ToHashSet();
            var have = await db.ApiTokenPolicies.Where(x => x.TokenId == t.Id).ToListAsync(ct);
            db.ApiTokenPolicies.RemoveRange(have.Where(x => !wanted.Contains((x.AccountId, x.PermissionGroup))));
            db.ApiTokenPolicies.AddRange(wanted.Where(w => !have.Any(h => h.AccountId == w.Account && h.PermissionGroup == w.g))
                .Select(w => new ApiTokenPolicy { TokenId = t.Id, AccountId = w.Account, PermissionGroup = w.g }));
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Seed loaded: {Accounts} accounts, {Users} users, {Tokens} tokens",
            seed.Accounts?.Count ?? 0, seed.Users?.Count ?? 0, seed.Tokens?.Count ?? 0);
    }

    private static async Task<T> UpsertAsync<T>(DbSet<T> set, object key, Func<T> create, Action<T> apply, CancellationToken ct)
        where T : class
    {
        var entity = await set.FindAsync([key], ct);
        if (entity is null)
        {
            entity = create();
            set.Add(entity);
        }

        apply(entity); // EF writes only the properties whose value changed
        return entity;
    }

    private static byte[] SecretHash(string? plain, string? sha256Hex, string what) =>
        plain is not null ? Authenticator.Hash(plain)
        : sha256Hex is { Length: 64 } ? Convert.FromHexString(sha256Hex)
        : throw new InvalidOperationException($"Seed: {what} needs a plaintext secret or its 64-hex SHA-256.");

    /// <summary>Fails start-up with a message naming the bad entry, rather than a database error.</summary>
    public static void Validate(SeedDocument seed)
    {
        var problems = new List<string>();
        foreach (var a in seed.Accounts ?? [])
        {
            Check(Identifiers.IsCloudflareId(a.Id), $"account id '{a.Id}' is not 32 lowercase hex");
            foreach (var z in a.Zones ?? [])
            {
                Check(Identifiers.IsCloudflareId(z.Id), $"zone id '{z.Id}' is not 32 lowercase hex");
                Check(AddressMapRules.IsValidSniHost(z.Name.ToLowerInvariant()) && !z.Name.StartsWith('*'), $"zone name '{z.Name}' is not a hostname");
            }

            foreach (var p in a.Prefixes ?? [])
            {
                Check(Identifiers.IsCloudflareId(p.Id), $"prefix id '{p.Id}' is not 32 lowercase hex");
                Check(IPNetwork.TryParse(p.Cidr, out var net) && net.ToString() == p.Cidr, $"prefix cidr '{p.Cidr}' is not a canonical CIDR");
            }

            foreach (var ip in a.StaticIps ?? [])
            {
                Check(AddressMapRules.TryParseIp(ip, out _), $"static IP '{ip}' is not an IP address");
            }

            foreach (var m in a.ManagedMaps ?? [])
            {
                Check(Identifiers.IsCloudflareId(m.Id), $"managed map id '{m.Id}' is not 32 lowercase hex");
                foreach (var ms in m.Memberships ?? [])
                {
                    Check(ms.Kind is AddressMapRules.ZoneKind or AddressMapRules.AccountKind, $"membership kind '{ms.Kind}' of map {m.Id} is not zone/account");
                    Check(Identifiers.IsCloudflareId(ms.Identifier), $"membership identifier '{ms.Identifier}' of map {m.Id} is not 32 lowercase hex");
                }

                foreach (var ip in m.Ips ?? [])
                {
                    Check(AddressMapRules.TryParseIp(ip, out _), $"IP '{ip}' of map {m.Id} is not an IP address");
                }
            }
        }

        foreach (var t in seed.Tokens ?? [])
        {
            Check(t.Status is null or "active" or "disabled", $"token {t.Id} status '{t.Status}' is not active/disabled");
            Check(t.User is null || (seed.Users ?? []).Any(u => u.Id == t.User), $"token {t.Id} names user '{t.User}', who is not in the seed's users");
            Check(t.Value is null || CredentialParser.BearerToken("Bearer " + t.Value) is not null, $"token {t.Id} value is not 40 characters of [A-Za-z0-9_-]");
            foreach (var g in (t.Policies ?? []).SelectMany(p => p.PermissionGroups))
            {
                Check(PermissionGroups.All.Contains(g), $"token {t.Id} permission group '{g}' is unknown (known: {string.Join(", ", PermissionGroups.All)})");
            }
        }

        foreach (var u in seed.Users ?? [])
        {
            Check(CredentialParser.IsValidEmail(u.Email), $"user email '{u.Email}' is not an email address");
            Check(u.GlobalKey is null || CredentialParser.IsValidGlobalKey(u.GlobalKey), $"user {u.Email} global key is not 37 lowercase hex");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid seed document:\n  - " + string.Join("\n  - ", problems));
        }

        void Check(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }
    }
}
