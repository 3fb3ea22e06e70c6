using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace AddressMaps.Reliability;

/// <summary>Two replicas on one database, ≥ 16 concurrent clients, random writes; a checker for
/// lost updates, the one-map-per-member rule, and the targeted X/Y zone race.</summary>
public sealed class ReplicasCheck(Options options, DemoSeed seed, Api api)
{
    private sealed record Op(string Item, string Kind, string Map, string Value, DateTime Start, DateTime End, int Status, int? Code);

    private readonly ConcurrentBag<Op> _ops = [];
    private static readonly int[] ExpectedCodes = [1010, 1012];

    public async Task RunAsync(ApiHost a, ApiHost b, Report report)
    {
        ApiHost[] hosts = [a, b];
        // Maps of the random workload, and the two maps of the targeted race.
        var maps = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            maps.Add(await api.CreateMapAsync(a, $"{{\"description\":\"replicas {i}\",\"enabled\":true}}"));
        }

        var mapA = await api.CreateMapAsync(b, "{\"description\":\"race A\",\"enabled\":true}");
        var mapB = await api.CreateMapAsync(a, "{\"description\":\"race B\",\"enabled\":true}");
        var raceZone = seed.Zones[0];
        var zones = seed.Zones.Skip(1).ToList();
        var ips = Enumerable.Range(10, 16).Select(i => DemoSeed.Nth(seed.V4Prefixes[0], i)).ToList();

        // Free the race zone and the demo account in case an earlier check left them on a map.
        await using (var db0 = await DbState.OpenAsync(options.ConnectionString))
        {
            foreach (var (kind, id) in zones.Prepend(raceZone).Select(z => ("zone", z)).Append(("account", seed.AccountId)))
            {
                if (await DbState.MemberMapAsync(db0, kind, id) is { } holder)
                {
                    await api.SendAsync(a, HttpMethod.Delete, $"{api.MapsPath}/{holder}/{kind}s/{id}");
                }
            }
        }

        var sw = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(options.ReplicasDuration);
        var clients = new List<Task>();
        var randomClients = Math.Max(16, options.ReplicaClients) - 3;
        for (var c = 0; c < randomClients; c++)
        {
            var id = c;
            clients.Add(Task.Run(() => RandomClientAsync(id, hosts, maps, zones, ips, report, stop.Token)));
        }

        using var stopX = new CancellationTokenSource(options.ReplicasDuration);
        var x = Task.Run(() => RaceXAsync(hosts, mapA, raceZone, report, stopX.Token));
        var w = Task.Run(() => RaceCreatorAsync(hosts, raceZone, report, stopX.Token));
        var yStats = new int[3];
        var y = Task.Run(() => RaceYAsync(hosts, mapB, raceZone, report, yStats, stop.Token));
        await Task.WhenAll(clients.Append(x).Append(w).Append(y));
        var elapsed = sw.Elapsed;

        // X and W have stopped (X last deleted Z from A): Y's put must now stick.
        var final = await api.SendAsync(hosts[1], HttpMethod.Put, $"{api.MapsPath}/{mapB}/zones/{raceZone}");
        report.Count(final);
        await using var db = await DbState.OpenAsync(options.ConnectionString);
        var holderNow = await DbState.MemberMapAsync(db, "zone", raceZone);
        if (final.Status != 200 || holderNow != mapB)
        {
            report.Anomaly($"race: after X stopped, Y's PUT of zone {raceZone} on map B answered {final.Describe()}, and the zone is on {holderNow ?? "no map"} (expected B {mapB})");
        }

        var (checkedItems, lost) = await CheckFinalStateAsync(db, report);
        var dup = await DbState.QueryAsync(db, "SELECT kind, identifier, count(*) FROM address_map_memberships GROUP BY kind, identifier HAVING count(*) > 1");
        foreach (var row in dup)
        {
            report.Anomaly($"{row[0]} {row[1]} is a member of {row[2]} maps at once");
        }

        report.Note($"{randomClients} random clients + race clients X, Y, W for {elapsed.TotalSeconds:0.0} s through two replicas (ports {a.Port}, {b.Port})");
        report.Note($"operations logged: {_ops.Count}; items checked against the final state: {checkedItems}; lost updates: {lost}");
        report.Note($"race: Y got {yStats[0]} x 200 (each checked in the database right after), {yStats[1]} x 400 1010, {yStats[2]} other; maps A {mapA}, B {mapB}, zone {raceZone}");
    }

    private async Task RandomClientAsync(int id, ApiHost[] hosts, List<string> maps, List<string> zones, List<string> ips, Report report, CancellationToken stop)
    {
        var rng = new Random(options.Seed * 31 + id);
        var seq = 0;
        var sw = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested && sw.Elapsed < options.ReplicasDuration + TimeSpan.FromSeconds(5) && seq < 100000)
        {
            seq++;
            var host = hosts[rng.Next(2)];
            var map = maps[rng.Next(maps.Count)];
            var roll = rng.Next(100);
            string item, kind, value = "", path, json = "";
            HttpMethod method;
            if (roll < 75)
            {
                // A PUT or DELETE of one of the map's sub-resources: an IP (40 %), a zone (25 %), the account (10 %).
                var (segment, member) = roll < 40 ? ("ips", ips[rng.Next(ips.Count)])
                    : roll < 65 ? ("zones", zones[rng.Next(zones.Count)])
                    : ("accounts", seed.AccountId);
                item = segment == "ips" ? $"ip {map} {member}" : $"{segment[..^1]} {member}";
                kind = rng.Next(2) == 0 ? "put" : "delete";
                method = kind == "put" ? HttpMethod.Put : HttpMethod.Delete;
                path = $"{api.MapsPath}/{map}/{segment}/{member}";
            }
            else if (roll < 90)
            {
                item = $"description {map}";
                kind = "patch";
                value = $"c{id}-{seq}";
                method = HttpMethod.Patch;
                path = $"{api.MapsPath}/{map}";
                json = $"{{\"description\":\"{value}\"}}";
            }
            else
            {
                item = $"default_sni {map}";
                kind = "patch";
                value = rng.Next(3) == 0 ? "" : $"c{id}-{seq}.{seed.ZoneNames[0]}";
                method = HttpMethod.Patch;
                path = $"{api.MapsPath}/{map}";
                json = value.Length == 0 ? "{\"default_sni\":null}" : $"{{\"default_sni\":\"{value}\"}}";
            }

            var start = DateTime.UtcNow;
            var ans = await api.SendAsync(host, method, path, json.Length > 0 ? json : null, useKey: id % 2 == 0);
            report.Count(ans);
            _ops.Add(new Op(item, kind, map, value, start, DateTime.UtcNow, ans.Status, ans.Status == 200 ? null : ans.ErrorCode));
            Expect(ans, $"{method} {path}", report, allow404: kind == "delete");
        }
    }

    private static void Expect(Answer a, string what, Report report, bool allow404)
    {
        if (a.Status == 200 && EnvelopeCheck.Problem(a) is null)
        {
            return;
        }

        if (a.Status == 0 || a.Status >= 500)
        {
            report.Anomaly($"{what}: {a.Describe()}", $"{what.Split(':')[0]} -> {(a.Status == 0 ? "no answer" : a.Status)}");
            return;
        }

        if (EnvelopeCheck.Problem(a) is { } p)
        {
            report.Anomaly($"{what}: not the envelope ({p}): {a.Describe()}");
            return;
        }

        var code = a.ErrorCode;
        if (a.Status == 400 && code is { } c && ExpectedCodes.Contains(c))
        {
            return;
        }

        if (a.Status == 404 && allow404 && code == 1000)
        {
            return;
        }

        report.Anomaly($"{what}: unexpected answer {a.Describe()}", $"{what.Split(':')[0]} -> unexpected {a.Status} {a.ErrorCode}");
    }

    private async Task RaceXAsync(ApiHost[] hosts, string mapA, string zone, Report report, CancellationToken stop)
    {
        var n = 0;
        while (!stop.IsCancellationRequested && n < 100000)
        {
            var host = hosts[n++ % 2];
            var put = await api.SendAsync(host, HttpMethod.Put, $"{api.MapsPath}/{mapA}/zones/{zone}");
            report.Count(put);
            Expect(put, $"X: PUT zone on A", report, false);
            var del = await api.SendAsync(hosts[n % 2], HttpMethod.Delete, $"{api.MapsPath}/{mapA}/zones/{zone}", useKey: true);
            report.Count(del);
            Expect(del, $"X: DELETE zone from A", report, true);
        }
    }

    /// <summary>W: creates maps carrying the race zone as a membership (200 or 400 1010, never 500), deletes them again.</summary>
    private async Task RaceCreatorAsync(ApiHost[] hosts, string zone, Report report, CancellationToken stop)
    {
        var n = 0;
        while (!stop.IsCancellationRequested && n < 100000)
        {
            var host = hosts[n++ % 2];
            var create = await api.SendAsync(host, HttpMethod.Post, api.MapsPath,
                $"{{\"description\":\"race W {n}\",\"memberships\":[{{\"kind\":\"zone\",\"identifier\":\"{zone}\"}}]}}");
            report.Count(create);
            Expect(create, "W: create with the race zone", report, false);
            if (create.Status == 200)
            {
                using var doc = JsonDocument.Parse(create.Body);
                var id = doc.RootElement.GetProperty("result").GetProperty("id").GetString();
                var del = await api.SendAsync(hosts[n % 2], HttpMethod.Delete, $"{api.MapsPath}/{id}");
                report.Count(del);
                Expect(del, "W: delete its map", report, false);
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }

    private async Task RaceYAsync(ApiHost[] hosts, string mapB, string zone, Report report, int[] stats, CancellationToken stop)
    {
        await using var db = await DbState.OpenAsync(options.ConnectionString);
        var n = 0;
        while (!stop.IsCancellationRequested && n < 100000)
        {
            var host = hosts[n++ % 2];
            var put = await api.SendAsync(host, HttpMethod.Put, $"{api.MapsPath}/{mapB}/zones/{zone}");
            report.Count(put);
            Expect(put, "Y: PUT zone on B", report, false);
            if (put.Status == 200)
            {
                stats[0]++;
                // Only Y removes Z from B, so right after a 200 the zone must be on B.
                var holder = await DbState.MemberMapAsync(db, "zone", zone);
                var reflected = holder == mapB;
                if (!reflected)
                {
                    report.Anomaly($"race: Y's PUT of zone {zone} on map B {mapB} answered 200 (request {n}), but right after it the zone is on {(holder is null ? "no map" : "map " + holder)}", "race: Y's 200 not reflected");
                }

                // Give the zone back now and then, so that the race happens again.
                if (n % 3 == 0)
                {
                    var del = await api.SendAsync(host, HttpMethod.Delete, $"{api.MapsPath}/{mapB}/zones/{zone}");
                    report.Count(del);
                    // After an unreflected 200 (reported above), the 404 is its consequence.
                    Expect(del, "Y: DELETE zone from B", report, allow404: !reflected);
                }
            }
            else if (put.Status == 400 && put.ErrorCode == 1010)
            {
                stats[1]++;
            }
            else
            {
                stats[2]++;
            }
        }
    }

    /// <summary>For every item whose last operation was acknowledged and overlapped no other
    /// operation on that item, the final state must show that operation's effect.</summary>
    private async Task<(int Checked, int Lost)> CheckFinalStateAsync(Npgsql.NpgsqlConnection db, Report report)
    {
        var ipRows = (await DbState.QueryAsync(db, "SELECT address_map_id, host(ip) FROM address_map_ips")).Select(r => $"{r[0]} {r[1]}").ToHashSet();
        var members = (await DbState.QueryAsync(db, "SELECT kind, identifier, address_map_id FROM address_map_memberships"))
            .ToDictionary(r => $"{r[0]} {r[1]}", r => (string)r[2]!);
        var fields = (await DbState.QueryAsync(db, "SELECT id, description, default_sni FROM address_maps"))
            .ToDictionary(r => (string)r[0]!, r => ((string?)r[1], (string?)r[2]));
        int checkedItems = 0, lost = 0;
        foreach (var group in _ops.GroupBy(o => o.Item))
        {
            var ordered = group.OrderBy(o => o.End).ToList();
            var last = ordered[^1];
            // Some other operation on the item ended after this one began: they overlap, skip.
            if (last.Status != 200 || ordered.Take(ordered.Count - 1).Any(o => o.End >= last.Start))
            {
                continue;
            }

            checkedItems++;
            string? problem = null;
            var parts = last.Item.Split(' ');
            switch (parts[0])
            {
                case "ip":
                    var present = ipRows.Contains($"{parts[1]} {parts[2]}");
                    if (present != (last.Kind == "put"))
                    {
                        problem = $"{last.Kind} of IP {parts[2]} on map {parts[1]} answered 200 at {last.End:HH:mm:ss.fff}, but the IP is {(present ? "still there" : "absent")}";
                    }

                    break;
                case "zone" or "account":
                    members.TryGetValue($"{parts[0]} {parts[1]}", out var holder);
                    if (last.Kind == "put" && holder != last.Map)
                    {
                        problem = $"PUT of {parts[0]} {parts[1]} on map {last.Map} answered 200 at {last.End:HH:mm:ss.fff}, but it is on {holder ?? "no map"}";
                    }
                    else if (last.Kind == "delete" && holder == last.Map)
                    {
                        problem = $"DELETE of {parts[0]} {parts[1]} from map {last.Map} answered 200 at {last.End:HH:mm:ss.fff}, but it is still there";
                    }

                    break;
                case "description":
                    if (fields[parts[1]].Item1 != last.Value)
                    {
                        problem = $"PATCH description={last.Value} of map {parts[1]} answered 200, but the description is {fields[parts[1]].Item1}";
                    }

                    break;
                case "default_sni":
                    var want = last.Value.Length == 0 ? null : last.Value;
                    if (fields[parts[1]].Item2 != want)
                    {
                        problem = $"PATCH default_sni={want} of map {parts[1]} answered 200, but default_sni is {fields[parts[1]].Item2}";
                    }

                    break;
            }

            if (problem is not null)
            {
                lost++;
                report.Anomaly("lost update: " + problem, "lost update");
            }
        }

        return (checkedItems, lost);
    }
}
