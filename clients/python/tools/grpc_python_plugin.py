"""A protoc plugin (CodeGeneratorRequest on stdin, CodeGeneratorResponse on
stdout) that runs grpcio-tools' built-in gRPC Python generator.

buf hands a plugin the already-compiled descriptors; grpcio-tools can only run
its generator from its own protoc. So the descriptors go to protoc as a
descriptor set (no .proto source is read again) and the files it writes come
back in the response, in a stable order.
"""

import os
import sys
import tempfile

from google.protobuf import descriptor_pb2
from google.protobuf.compiler import plugin_pb2
from grpc_tools import protoc


def main() -> int:
    request = plugin_pb2.CodeGeneratorRequest.FromString(sys.stdin.buffer.read())
    response = plugin_pb2.CodeGeneratorResponse()
    # Proto3 `optional` needs to be declared, or protoc refuses those files.
    response.supported_features = plugin_pb2.CodeGeneratorResponse.FEATURE_PROTO3_OPTIONAL
    with tempfile.TemporaryDirectory() as tmp:
        descriptors = os.path.join(tmp, "descriptors.pb")
        with open(descriptors, "wb") as f:
            f.write(descriptor_pb2.FileDescriptorSet(file=request.proto_file).SerializeToString())
        out = os.path.join(tmp, "out")
        os.mkdir(out)
        option = f"--grpc_python_out={request.parameter}:{out}" if request.parameter else f"--grpc_python_out={out}"
        args = ["protoc", f"--descriptor_set_in={descriptors}", option, *request.file_to_generate]
        if protoc.main(args) != 0:
            response.error = "grpcio-tools' protoc failed (see its message above)"
        else:
            for root, _, names in sorted(os.walk(out)):
                for name in sorted(names):
                    path = os.path.join(root, name)
                    with open(path, encoding="utf-8") as f:
                        response.file.add(name=os.path.relpath(path, out).replace(os.sep, "/"), content=f.read())
    sys.stdout.buffer.write(response.SerializeToString())
    return 0


if __name__ == "__main__":
    sys.exit(main())
