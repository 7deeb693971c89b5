// Fleet build: restore, fetch pinned native assets and models, build, test, publish.
//   ./build.sh                      build (fetches assets on first run)
//   ./build.sh --target=Test        what CI runs: build, then every test project, then "N passed, N failed"
//   ./build.sh --target=GpuBuild    the worker's GPU flavour (CI builds it; nothing here runs it)
//   ./build.sh --target=Bench       OCR benchmark (Fleet vs Tesseract on the same pages)
using System.Security.Cryptography;
using System.Xml.Linq;

var target = Argument("target", "Build");
var configuration = Argument("configuration", "Release");
var testFilter = Argument("filter", "");
// Cpu or Gpu: which ONNX Runtime package the worker links (Publish --ort-flavor=Gpu for the GPU image).
var ortFlavor = Argument("ort-flavor", "Cpu");
var root = MakeAbsolute(Directory("."));
var assetsDir = root.Combine("assets");
var artifacts = root.Combine("artifacts");

Task("Assets")
    .Description("Fetch libpdfium and the PP-OCRv4 models with npm pack, pinned in assets.lock and checked by sha256.")
    .Does(() =>
{
    var npmCache = artifacts.Combine("npm");
    EnsureDirectoryExists(assetsDir);
    EnsureDirectoryExists(npmCache);
    foreach (var line in System.IO.File.ReadAllLines(root.CombineWithFilePath("assets.lock").FullPath))
    {
        if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith("#")) continue;
        var parts = line.Split((char[])null, StringSplitOptions.RemoveEmptyEntries);
        var (package, sha256, files) = (parts[0], parts[1], parts[2].Split(','));
        if (files.All(f => System.IO.File.Exists(assetsDir.CombineWithFilePath(System.IO.Path.GetFileName(f)).FullPath)))
            continue;

        var tarballName = package.TrimStart('@').Replace('/', '-').Replace("@", "-") + ".tgz";
        var tarball = npmCache.CombineWithFilePath(tarballName);
        if (!FileExists(tarball))
        {
            Information($"Fetching {package}");
            var exit = StartProcess("npm", new ProcessSettings {
                Arguments = $"pack {package} --silent", WorkingDirectory = npmCache });
            if (exit != 0) throw new Exception($"npm pack {package} failed with exit code {exit}");
        }
        var actual = Convert.ToHexString(SHA256.HashData(System.IO.File.ReadAllBytes(tarball.FullPath))).ToLowerInvariant();
        if (actual != sha256)
        {
            DeleteFile(tarball);
            throw new Exception($"{tarballName}: sha256 {actual} does not match the pinned {sha256}; the file was removed.");
        }
        var unpack = npmCache.Combine(tarballName + ".d");
        EnsureDirectoryExists(unpack);
        if (StartProcess("tar", new ProcessSettings { Arguments = $"xzf {tarball.FullPath} -C {unpack.FullPath}" }) != 0)
            throw new Exception($"could not unpack {tarballName}");
        foreach (var file in files)
            CopyFileToDirectory(unpack.Combine("package").CombineWithFilePath(file), assetsDir);
        Information($"{package}: verified and unpacked {string.Join(", ", files)}");
    }
});

Task("Build")
    .IsDependentOn("Assets")
    .Does(() =>
{
    DotNetBuild(root.CombineWithFilePath("Fleet.sln").FullPath, new DotNetBuildSettings {
        Configuration = configuration,
        NoLogo = true,
    });
});

Task("Fleet")
    .Description("Builds the fleet CLI and its benchmark tool (what ./fleet needs).")
    .IsDependentOn("Assets")
    .Does(() =>
{
    // tools/Bench references the CLI, so this builds both.
    DotNetBuild(root.CombineWithFilePath("tools/Bench/Bench.csproj").FullPath, new DotNetBuildSettings {
        Configuration = configuration,
        NoLogo = true,
    });
});

Task("GpuBuild")
    .Description("Builds the worker's GPU flavour (Microsoft.ML.OnnxRuntime.Gpu, ~540 MB restored once) into obj/gpu and bin/gpu; " +
                 "what docker/worker-gpu.Dockerfile publishes. Nothing here can run it: no GPU.")
    .IsDependentOn("Assets")
    .Does(() =>
{
    DotNetBuild(root.CombineWithFilePath("src/Worker/Worker.csproj").FullPath, new DotNetBuildSettings {
        Configuration = configuration,
        NoLogo = true,
        MSBuildSettings = new DotNetMSBuildSettings().WithProperty("OrtFlavor", "Gpu"),
    });
});

Task("Test")
    .Description("Runs every test project; prints 'N passed, N failed' and fails when any test failed.")
    .IsDependentOn("Build")
    .Does(() =>
{
    var results = artifacts.Combine("test-results");
    CleanDirectory(results);
    var failedRun = false;
    foreach (var project in GetFiles("tests/**/*.csproj"))
    {
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings {
                Configuration = configuration,
                NoBuild = true,
                NoLogo = true,
                Filter = string.IsNullOrEmpty(testFilter) ? null : testFilter,
                Loggers = { $"trx;LogFileName={project.GetFilenameWithoutExtension()}.trx", "console;verbosity=normal" },
                ResultsDirectory = results,
            });
        }
        catch (Exception)
        {
            failedRun = true;
        }
    }
    var (passed, failed) = (0, 0);
    foreach (var trx in GetFiles(results.FullPath + "/*.trx"))
    {
        var counters = XDocument.Load(trx.FullPath).Descendants().First(e => e.Name.LocalName == "Counters");
        passed += int.Parse(counters.Attribute("passed").Value);
        failed += int.Parse(counters.Attribute("failed").Value);
    }
    if (failedRun && failed == 0) failed = 1; // a test host that crashed before writing results still fails the run
    // Plain stdout, never coloured: CI and scripts read this line.
    Console.WriteLine($"{passed} passed, {failed} failed");
    if (failed > 0) throw new Exception($"{failed} test(s) failed");
});

Task("Bench")
    .Description("OCR benchmark: Fleet vs Tesseract on generated 300-DPI pages; results in bench/results/. " +
                 "Arguments: --pages=N (default 8), --rounds=N (default 1), --levers=true to measure each speed lever.")
    .IsDependentOn("Fleet")
    .Does(() =>
{
    var arguments = $"{root.CombineWithFilePath("tools/Bench/bin/" + configuration + "/net10.0/fleet-bench.dll").FullPath} ocr " +
        $"--pages {Argument("pages", 8)} --rounds {Argument("rounds", 1)} --out {root.Combine("bench/results").FullPath}" +
        (Argument("levers", false) ? " --levers" : "");
    var exit = StartProcess("dotnet", new ProcessSettings { Arguments = arguments, WorkingDirectory = root });
    if (exit != 0) throw new Exception($"the benchmark failed with exit code {exit}");
});

Task("Publish")
    .IsDependentOn("Assets")
    .Does(() =>
{
    DotNetPublish(root.CombineWithFilePath("src/Cli/Cli.csproj").FullPath, new DotNetPublishSettings {
        Configuration = configuration,
        OutputDirectory = artifacts.Combine($"publish/fleet-{ortFlavor.ToLowerInvariant()}"),
        MSBuildSettings = new DotNetMSBuildSettings().WithProperty("OrtFlavor", ortFlavor),
    });
});

RunTarget(target);
