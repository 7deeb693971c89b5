using System.Runtime.InteropServices;

namespace Fleet.Engine.Ocr.Graph;

/// <summary>
/// An ONNX model opened for graph surgery: its nodes as editable <see cref="OnnxNode"/>s, everything else kept as it
/// was read. Constant tensors are looked up in Constant nodes and initializers alike; new ones are added as Constant
/// nodes at the top of the graph.
/// </summary>
internal sealed class OnnxModel
{
    // Field numbers from onnx.proto.
    private const int ModelGraph = 7;
    private const int GraphNode = 1;
    private const int GraphInitializer = 5;
    private const int GraphOutput = 12;
    private const int ModelOpsetImport = 8;
    private const int OpsetDomain = 1;
    private const int OpsetVersion = 2;
    private const int ValueInfoName = 1;
    private const int ValueInfoType = 2;
    private const int TypeTensor = 1;
    private const int TensorTypeElementType = 1;

    private readonly ProtoMessage _model;
    private readonly ProtoMessage _graph;
    private readonly Dictionary<string, OnnxTensor> _initializers;
    private readonly HashSet<string> _graphOutputs;
    private readonly Dictionary<string, OnnxNode> _constantNodes;
    private int _nextName;

    private OnnxModel(ProtoMessage model, ProtoMessage graph)
    {
        _model = model;
        _graph = graph;
        Nodes = graph.All(GraphNode).Select(f => OnnxNode.Parse(ProtoMessage.Parse(f.Bytes))).ToList();
        _initializers = graph.All(GraphInitializer)
            .Select(f => ProtoMessage.Parse(f.Bytes))
            .Where(OnnxTensor.IsFloat)
            .Select(OnnxTensor.Parse)
            .Where(t => t.Name is not null)
            .ToDictionary(t => t.Name!);
        _constantNodes = Nodes.Where(n => n.OpType == "Constant" && n.Outputs.Count == 1).ToDictionary(n => n.Outputs[0]);
        _graphOutputs = graph.All(GraphOutput).Select(f => ProtoMessage.Parse(f.Bytes).String(ValueInfoName) ?? "").ToHashSet();
    }

    public List<OnnxNode> Nodes { get; }

    public static OnnxModel Parse(byte[] bytes)
    {
        var model = ProtoMessage.Parse(bytes);
        var graph = model.Message(ModelGraph) ?? throw new InvalidDataException("The ONNX model has no graph.");
        return new OnnxModel(model, graph);
    }

    public bool IsGraphOutput(string name) => _graphOutputs.Contains(name);

    /// <summary>The float tensor behind <paramref name="name"/> when it is a Constant node's output or an initializer.</summary>
    public OnnxTensor? Constant(string name)
    {
        if (_initializers.TryGetValue(name, out var initializer))
            return initializer;
        return _constantNodes.GetValueOrDefault(name)?.Attribute("value")?.Message(OnnxNode.AttributeTensor) is { } tensor && OnnxTensor.IsFloat(tensor)
            ? OnnxTensor.Parse(tensor)
            : null;
    }

    /// <summary>A scalar (one-element) float constant's value.</summary>
    public float? Scalar(string name) => Constant(name) is { Data.Length: 1 } tensor ? tensor.Data[0] : null;

    /// <summary>Adds a Constant node holding <paramref name="tensor"/> and returns its output's (new, unique) name.</summary>
    public string AddConstant(string baseName, OnnxTensor tensor) => AddConstant(baseName, tensor.ToMessage());

    /// <summary>Adds a Constant node holding a tensor of any element type, given its raw little-endian bytes.</summary>
    public string AddConstant(string baseName, long[] dims, OnnxTensor.ElementType type, byte[] raw) =>
        AddConstant(baseName, OnnxTensor.Raw(dims, type, raw));

    private string AddConstant(string baseName, ProtoMessage tensor)
    {
        var name = $"{baseName}.fleet{_nextName++}";
        var node = new OnnxNode { OpType = "Constant", Name = name };
        node.Outputs.Add(name);
        node.SetTensorAttribute("value", tensor);
        Nodes.Insert(0, node);
        _constantNodes[name] = node;
        return name;
    }

    /// <summary>Imports <paramref name="domain"/> ("" is the default ONNX domain) at <paramref name="version"/>.</summary>
    public void SetOpset(string domain, long version)
    {
        _model.Fields.RemoveAll(f => f.Number == ModelOpsetImport && (ProtoMessage.Parse(f.Bytes).String(OpsetDomain) ?? "") == domain);
        var opset = new ProtoMessage();
        if (domain.Length > 0)
            opset.AddString(OpsetDomain, domain);
        opset.AddVarint(OpsetVersion, (ulong)version);
        _model.Fields.Add(new ProtoField(ModelOpsetImport, ProtoMessage.LengthDelimited, 0, opset.ToArray()));
    }

    /// <summary>The opset version the model imports for <paramref name="domain"/>, 0 when none.</summary>
    public long Opset(string domain) => _model.All(ModelOpsetImport).Select(f => ProtoMessage.Parse(f.Bytes))
        .Where(o => (o.String(OpsetDomain) ?? "") == domain)
        .Select(o => o.First(OpsetVersion) is { } v ? (long)v.Value : 0)
        .FirstOrDefault();

    /// <summary>Makes intermediate float tensors graph outputs too, so a run can return them.</summary>
    public void AddOutputs(IEnumerable<string> names)
    {
        foreach (var name in names.Where(n => _graphOutputs.Add(n)))
        {
            var tensorType = new ProtoMessage();
            tensorType.AddVarint(TensorTypeElementType, (ulong)OnnxTensor.ElementType.Float);
            var type = new ProtoMessage();
            type.AddMessage(TypeTensor, tensorType);
            var info = new ProtoMessage();
            info.AddString(ValueInfoName, name);
            info.AddMessage(ValueInfoType, type);
            _graph.AddMessage(GraphOutput, info);
        }
    }

    /// <summary>Nodes that read <paramref name="name"/>.</summary>
    public List<OnnxNode> Consumers(string name) => Nodes.Where(n => n.Inputs.Contains(name)).ToList();

    /// <summary>The only node that reads <paramref name="name"/>, if exactly one does and it is not a graph output.</summary>
    public OnnxNode? SoleConsumer(string name)
    {
        if (IsGraphOutput(name))
            return null;
        var consumers = Consumers(name);
        return consumers.Count == 1 ? consumers[0] : null;
    }

    /// <summary>Drops Constant nodes nothing reads any more.</summary>
    public int RemoveUnusedConstants()
    {
        var read = Nodes.SelectMany(n => n.Inputs).ToHashSet();
        return Nodes.RemoveAll(n => n.OpType == "Constant" && !n.Outputs.Any(o => read.Contains(o) || IsGraphOutput(o)));
    }

    public byte[] ToArray()
    {
        _graph.Remove(GraphNode);
        // Nodes go first, where the original writer put them; their relative order is kept.
        var nodes = Nodes.Select(n => new ProtoField(GraphNode, ProtoMessage.LengthDelimited, 0, n.ToArray()));
        _graph.Fields.InsertRange(0, nodes);
        var graphBytes = _graph.ToArray();

        var index = _model.Fields.FindIndex(f => f.Number == ModelGraph);
        _model.Fields[index] = new ProtoField(ModelGraph, ProtoMessage.LengthDelimited, 0, graphBytes);
        return _model.ToArray();
    }
}

/// <summary>An ONNX NodeProto with its inputs, outputs and attributes editable; other fields kept.</summary>
internal sealed class OnnxNode
{
    // NodeProto and AttributeProto field numbers.
    private const int NodeInput = 1;
    private const int NodeOutput = 2;
    private const int NodeName = 3;
    private const int NodeOpType = 4;
    private const int NodeAttribute = 5;
    private const int NodeDomain = 7;
    private const int AttributeName = 1;
    private const int AttributeFloat = 2;
    private const int AttributeInt = 3;
    private const int AttributeString = 4;
    public const int AttributeTensor = 5;
    private const int AttributeInts = 8;
    private const int AttributeType = 20;
    private const int AttributeTypeFloat = 1;
    private const int AttributeTypeInt = 2;
    private const int AttributeTypeTensor = 4;
    private const int AttributeTypeInts = 7;

    private readonly List<ProtoField> _other = [];

    public string OpType { get; set; } = "";
    public string Name { get; set; } = "";
    public string Domain { get; set; } = "";
    public List<string> Inputs { get; } = [];
    public List<string> Outputs { get; } = [];
    public List<ProtoMessage> Attributes { get; } = [];

    public static OnnxNode Parse(ProtoMessage message)
    {
        var node = new OnnxNode
        {
            OpType = message.String(NodeOpType) ?? "",
            Name = message.String(NodeName) ?? "",
            Domain = message.String(NodeDomain) ?? "",
        };
        node.Inputs.AddRange(message.Strings(NodeInput));
        node.Outputs.AddRange(message.Strings(NodeOutput));
        node.Attributes.AddRange(message.All(NodeAttribute).Select(f => ProtoMessage.Parse(f.Bytes)));
        node._other.AddRange(message.Fields.Where(f => f.Number is not (NodeInput or NodeOutput or NodeName or NodeOpType or NodeAttribute or NodeDomain)));
        return node;
    }

    /// <summary>True for an operator of the default ONNX domain.</summary>
    public bool Is(string opType) => OpType == opType && Domain is "" or "ai.onnx";

    public ProtoMessage? Attribute(string name) => Attributes.FirstOrDefault(a => a.String(AttributeName) == name);

    public float? FloatAttribute(string name) => Attribute(name)?.Float(AttributeFloat);

    public long? IntAttribute(string name) => Attribute(name)?.First(AttributeInt) is { Type: ProtoMessage.Varint } f ? (long)f.Value : null;

    public List<long> IntsAttribute(string name) => Attribute(name)?.Int64s(AttributeInts) ?? [];

    public string? StringAttribute(string name) => Attribute(name)?.String(AttributeString);

    public void SetFloatAttribute(string name, float value) =>
        SetAttribute(name, AttributeTypeFloat, a => a.AddFloat(AttributeFloat, value));

    public void SetIntAttribute(string name, long value) =>
        SetAttribute(name, AttributeTypeInt, a => a.AddVarint(AttributeInt, (ulong)value));

    public void SetIntsAttribute(string name, long[] values) =>
        SetAttribute(name, AttributeTypeInts, a =>
        {
            foreach (var value in values)
                a.AddVarint(AttributeInts, (ulong)value);
        });

    public void SetTensorAttribute(string name, ProtoMessage tensor) =>
        SetAttribute(name, AttributeTypeTensor, a => a.AddMessage(AttributeTensor, tensor));

    /// <summary>The input that is not <paramref name="input"/>, for a two-input node such as Mul or Add.</summary>
    public string? OtherInput(string input) =>
        Inputs.Count == 2 && (Inputs[0] == input) != (Inputs[1] == input) ? (Inputs[0] == input ? Inputs[1] : Inputs[0]) : null;

    /// <summary>Replaces the attribute called <paramref name="name"/>: its name, its value (written by <paramref name="value"/>), its type.</summary>
    private void SetAttribute(string name, int type, Action<ProtoMessage> value)
    {
        Attributes.RemoveAll(a => a.String(AttributeName) == name);
        var attribute = new ProtoMessage();
        attribute.AddString(AttributeName, name);
        value(attribute);
        attribute.AddVarint(AttributeType, (ulong)type);
        Attributes.Add(attribute);
    }

    public byte[] ToArray()
    {
        var message = new ProtoMessage();
        foreach (var input in Inputs)
            message.AddString(NodeInput, input);
        foreach (var output in Outputs)
            message.AddString(NodeOutput, output);
        if (Name.Length > 0)
            message.AddString(NodeName, Name);
        message.AddString(NodeOpType, OpType);
        foreach (var attribute in Attributes)
            message.AddMessage(NodeAttribute, attribute);
        if (Domain.Length > 0)
            message.AddString(NodeDomain, Domain);
        message.Fields.AddRange(_other);
        return message.ToArray();
    }
}

/// <summary>A float32 TensorProto's shape and values.</summary>
internal sealed record OnnxTensor(string? Name, long[] Dims, float[] Data)
{
    private const int TensorDims = 1;
    private const int TensorDataType = 2;
    private const int TensorFloatData = 4;
    private const int TensorName = 8;
    private const int TensorRawData = 9;
    private const int DataTypeFloat = 1;

    /// <summary>TensorProto.DataType values this code writes.</summary>
    public enum ElementType { Float = 1, UInt8 = 2, Int8 = 3, Int32 = 6, Int64 = 7 }

    /// <summary>A TensorProto of any element type from its raw little-endian bytes.</summary>
    public static ProtoMessage Raw(long[] dims, ElementType type, byte[] raw)
    {
        var message = new ProtoMessage();
        foreach (var dim in dims)
            message.AddVarint(TensorDims, (ulong)dim);
        message.AddVarint(TensorDataType, (ulong)type);
        message.AddBytes(TensorRawData, raw);
        return message;
    }

    public static bool IsFloat(ProtoMessage tensor) =>
        tensor.First(TensorDataType) is { Value: DataTypeFloat } && tensor.First(13) is null; // 13: external data

    public static OnnxTensor Parse(ProtoMessage tensor)
    {
        var dims = tensor.Int64s(TensorDims).ToArray();
        float[] data;
        if (tensor.First(TensorRawData) is { } raw)
        {
            data = MemoryMarshal.Cast<byte, float>(raw.Bytes.Span).ToArray();
        }
        else
        {
            var values = new List<float>();
            foreach (var field in tensor.All(TensorFloatData))
                values.AddRange(MemoryMarshal.Cast<byte, float>(field.Bytes.Span).ToArray());
            data = [.. values];
        }
        var expected = dims.Aggregate(1L, (a, b) => a * b);
        if (data.Length != expected)
            throw new InvalidDataException($"Tensor {tensor.String(TensorName)} holds {data.Length} values for shape [{string.Join(", ", dims)}].");
        return new OnnxTensor(tensor.String(TensorName), dims, data);
    }

    public ProtoMessage ToMessage()
    {
        var message = Raw(Dims, ElementType.Float, MemoryMarshal.AsBytes(Data.AsSpan()).ToArray());
        if (Name is not null)
            message.AddString(TensorName, Name);
        return message;
    }
}
