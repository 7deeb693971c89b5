using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fleet.DeploymentTests.Support;

/// <summary>
/// Every terraform/*.tf parsed to JSON by npm's @cdktf/hcl2json (pinned in this project's package.json and lock; no
/// terraform binary is needed). npm ci runs once when node_modules lacks it.
/// </summary>
public static class TerraformFiles
{
    private static readonly Lazy<Task<JsonObject>> Parsed = new(Parse);

    /// <summary>File name → that file's JSON (resource, data, variable, output, locals, ...).</summary>
    public static Task<JsonObject> Load() => Parsed.Value;

    /// <summary>Every block of one kind and type across the files: ("resource", "aws_sqs_queue") → (name, body) pairs.</summary>
    public static IEnumerable<(string Name, JsonObject Body)> Blocks(this JsonObject files, string kind, string type) =>
        from file in files
        let blocks = file.Value![kind]?[type]?.AsObject()
        where blocks is not null
        from block in blocks
        from body in block.Value!.AsArray()
        select (block.Key, body!.AsObject());

    /// <summary>Top-level blocks without a type (variable, output): name → body.</summary>
    public static IEnumerable<(string Name, JsonObject Body)> Named(this JsonObject files, string kind) =>
        from file in files
        let blocks = file.Value![kind]?.AsObject()
        where blocks is not null
        from block in blocks
        from body in block.Value!.AsArray()
        select (block.Key, body!.AsObject());

    /// <summary>Every locals { } block's values.</summary>
    public static IEnumerable<JsonObject> Locals(this JsonObject files) =>
        from file in files
        let blocks = file.Value!["locals"]?.AsArray()
        where blocks is not null
        from block in blocks
        select block!.AsObject();

    public static IEnumerable<JsonObject> Nested(this JsonObject body, string name) =>
        body[name]?.AsArray().Select(n => n!.AsObject()) ?? [];

    private static async Task<JsonObject> Parse()
    {
        var project = Repo.Path("tests", "Fleet.DeploymentTests");
        if (!File.Exists(Path.Combine(project, "node_modules", "@cdktf", "hcl2json", "package.json")))
        {
            var install = await Command.Run("npm", ["ci", "--no-audit", "--no-fund"], project, TimeSpan.FromMinutes(5));
            if (install.ExitCode != 0)
                throw new InvalidOperationException($"npm ci for @cdktf/hcl2json failed: {install}");
        }
        var parse = await Command.Run("node", [Path.Combine(project, "hcl2json.js"), Repo.Path("terraform")], project, TimeSpan.FromMinutes(2));
        if (parse.ExitCode != 0)
            throw new AssertionException($"a .tf file does not parse: {parse}");
        return JsonNode.Parse(parse.Output, documentOptions: new JsonDocumentOptions { MaxDepth = 256 })!.AsObject();
    }
}
