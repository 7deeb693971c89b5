using Fleet.Engine.Ocr;
using Fleet.Engine.Ocr.Graph;
using Microsoft.ML.OnnxRuntime;

namespace Fleet.Tests.Ocr;

/// <summary>Fleet's native operator library, run through ONNX Runtime as the worker runs it.</summary>
public class FleetOpsTests
{
    [Test]
    public void The_build_puts_the_library_beside_the_worker() =>
        Assert.That(FleetOps.Library, Is.Not.Null, $"{FleetOps.FileName} is compiled by src/Engine/Engine.csproj with g++ (.ci/run installs it)");

    // Lengths around the 64-byte vector width: the tail is a masked load and store.
    [TestCase(1)]
    [TestCase(63)]
    [TestCase(64)]
    [TestCase(65)]
    [TestCase(200)]
    [TestCase(4096 + 17)]
    public void LookupU8_maps_every_byte_through_the_table(int length)
    {
        Assume.That(FleetOps.Library, Is.Not.Null);
        var random = new Random(length);
        var table = new byte[256];
        random.NextBytes(table);
        var x = new byte[length];
        random.NextBytes(x);
        // Every table entry is read at least once where there is room for all of them.
        for (var i = 0; i < Math.Min(length, 256); i++)
            x[i] = (byte)(255 - i);

        using var options = new SessionOptions();
        options.RegisterCustomOpLibrary(FleetOps.Library!);
        using var session = new InferenceSession(LookupModel(table), options);
        using var input = OrtValue.CreateTensorValueFromMemory(x, [length]);
        using var outputs = session.Run(new RunOptions(), ["x"], [input], ["y"]);

        var y = outputs[0].GetTensorDataAsSpan<byte>().ToArray();
        Assert.That(y, Is.EqualTo(x.Select(v => table[v]).ToArray()));
    }

    [Test]
    public void LookupU8_refuses_a_table_that_is_not_256_bytes()
    {
        Assume.That(FleetOps.Library, Is.Not.Null);
        using var options = new SessionOptions();
        options.RegisterCustomOpLibrary(FleetOps.Library!);
        using var session = new InferenceSession(LookupModel(new byte[255]), options);
        using var input = OrtValue.CreateTensorValueFromMemory(new byte[10], [10]);

        Assert.That(() => session.Run(new RunOptions(), ["x"], [input], ["y"]).Dispose(),
            Throws.InstanceOf<OnnxRuntimeException>().With.Message.Contains("256"));
    }

    /// <summary>y = LookupU8(x, table) for a uint8 vector x of any length.</summary>
    private static byte[] LookupModel(byte[] table)
    {
        // ValueInfoProto of a uint8 vector: name 1, type 2 → TypeProto.tensor_type 1 → elem_type 1, shape 2 → dim 1 → dim_param 2.
        static ProtoMessage Vector(string name)
        {
            var dim = new ProtoMessage();
            dim.AddString(2, "n");
            var shape = new ProtoMessage();
            shape.AddMessage(1, dim);
            var tensorType = new ProtoMessage();
            tensorType.AddVarint(1, (ulong)OnnxTensor.ElementType.UInt8);
            tensorType.AddMessage(2, shape);
            var type = new ProtoMessage();
            type.AddMessage(1, tensorType);
            var info = new ProtoMessage();
            info.AddString(1, name);
            info.AddMessage(2, type);
            return info;
        }
        // GraphProto: name 2, input 11, output 12; ModelProto: ir_version 1, graph 7.
        var graph = new ProtoMessage();
        graph.AddString(2, "lookup");
        graph.AddMessage(11, Vector("x"));
        graph.AddMessage(12, Vector("y"));
        var model = new ProtoMessage();
        model.AddVarint(1, 8);
        model.AddMessage(7, graph);

        var onnx = OnnxModel.Parse(model.ToArray());
        var lookup = new OnnxNode { OpType = FleetOps.LookupU8, Domain = FleetOps.Domain, Name = "lookup" };
        lookup.Inputs.AddRange(["x", onnx.AddConstant("table", [table.Length], OnnxTensor.ElementType.UInt8, table)]);
        lookup.Outputs.Add("y");
        onnx.Nodes.Add(lookup);
        onnx.SetOpset("", 13);
        onnx.SetOpset(FleetOps.Domain, 1);
        return onnx.ToArray();
    }
}
