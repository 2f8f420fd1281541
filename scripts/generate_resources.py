#!/usr/bin/env python3
"""Generates include/sparta/resources/<service>.hpp: one C++ type per AWS
CloudFormation resource type, from the official resource provider schemas.

Source: the schemas that the official `cfn-lint` ships (one JSON file per
resource type under cfnlint/data/schemas/resources/, mapped to type names by
cfnlint/data/schemas/providers/us_east_1.py), read through cfn-lint's own
schema manager, which also gives each type's valid Fn::GetAtt attributes.

Usage (regenerates every header and include/sparta/resources/SOURCE.md):
    scripts/generate_resources.py [--out include/sparta/resources]

The output is deterministic: the same cfn-lint version gives the same bytes.
"""

import argparse
import keyword
import os
import re
import sys

CPP_KEYWORDS = set("""
alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
char32_t class compl concept const consteval constexpr constinit const_cast continue co_await
co_return co_yield decltype default delete do double dynamic_cast else enum explicit export
extern false float for friend goto if inline int long mutable namespace new noexcept not not_eq
nullptr operator or or_eq private protected public register reinterpret_cast requires return
short signed sizeof static static_assert static_cast struct switch template this thread_local
throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t while
xor xor_eq final override import module
""".split())

# Member names of the generated resource class and its bases that an
# attribute accessor must not hide.
RESERVED_MEMBERS = {"Ref", "Attribute", "Declare", "logical_id", "options", "properties",
                    "WithOptions", "DiscoverableAttributes", "kType", "Properties",
                    "AttributesOf"}

NS = "::sparta::cfn::"

# Read-only attributes that exist only when a property is set: discovery
# must not ask CloudFormation for them otherwise (Fn::GetAtt would fail the
# deployment). The schemas do not say this; keep the list short and known.
CONDITIONAL_ATTRIBUTES = {
    ("AWS::DynamoDB::Table", "StreamArn"): "StreamSpecification",
    ("AWS::DynamoDB::GlobalTable", "StreamArn"): "StreamSpecification",
}


def snake(name):
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s)
    s = s.lower()
    if s in CPP_KEYWORDS or keyword.iskeyword(s):
        s += "_"
    return s


def ident(name):
    s = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if not s or s[0].isdigit():
        s = "_" + s
    if s in CPP_KEYWORDS:
        s += "_"
    return s


def cpp_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ResourceGen:
    """Turns one resource schema into C++ declarations."""

    def __init__(self, type_name, schema, getatts):
        self.type_name = type_name
        self.schema = schema
        self.getatts = getatts
        parts = type_name.split("::")
        self.class_name = ident(parts[2])
        self.ns = snake(parts[2])
        self.definitions = schema.get("definitions", {})
        self.structs = {}        # struct name -> (path, schema)
        self.struct_order = []
        self.def_struct = {}     # definition name -> struct name
        self.reserved = {"Properties", "Attributes"}

    # -- type mapping ---------------------------------------------------
    def unique_struct_name(self, wanted):
        name = ident(wanted)
        if name in self.reserved or name in self.structs:
            base = name + "Type"
            name = base
            i = 2
            while name in self.reserved or name in self.structs:
                name = f"{base}{i}"
                i += 1
        return name

    def struct_for(self, name_hint, path, schema):
        name = self.unique_struct_name(name_hint)
        self.structs[name] = (path, schema)
        self.struct_order.append(name)
        return name

    def ref_type(self, ref, path):
        m = re.fullmatch(r"#/definitions/(.+)", ref)
        if not m or m.group(1) not in self.definitions:
            return NS + "Json"
        d = m.group(1)
        if d in self.def_struct:
            kind, t = self.def_struct[d]
            return t
        sch = self.definitions[d]
        if self.is_struct(sch):
            # Reserve before descending, so recursive references resolve.
            name = self.unique_struct_name(d)
            t = f"{self.ns}::{name}"
            self.def_struct[d] = ("struct", t)
            self.structs[name] = (f"{self.type_name}.{d}", sch)
            self.struct_order.append(name)
            return t
        self.def_struct[d] = ("alias", NS + "Json")  # placeholder against cycles
        t = self.type_of(sch, d, f"{self.type_name}.{d}")
        self.def_struct[d] = ("alias", t)
        return t

    @staticmethod
    def is_struct(sch):
        return (sch.get("type") == "object" or "type" not in sch) and bool(sch.get("properties")) \
            and "$ref" not in sch and not sch.get("format") == "json"

    def type_of(self, sch, name_hint, path):
        """The C++ wrapper type of a property schema."""
        if not isinstance(sch, dict):
            return NS + "Json"
        if sch.get("format") == "json":
            return NS + "Json"
        if "$ref" in sch:
            return self.ref_type(sch["$ref"], path)
        t = sch.get("type")
        if t is None:
            for key in ("oneOf", "anyOf"):
                if key in sch:
                    for alt in sch[key]:
                        if isinstance(alt, dict) and ("$ref" in alt or "type" in alt) \
                                and alt.get("format") != "json":
                            return self.type_of(alt, name_hint, path)
                    return NS + "Json"
            if sch.get("properties"):
                t = "object"
            else:
                return NS + "Json"
        if isinstance(t, list):
            return NS + "Json"
        if t == "string":
            return NS + "Value<std::string>"
        if t == "integer":
            return NS + "Value<std::int64_t>"
        if t == "number":
            return NS + "Value<double>"
        if t == "boolean":
            return NS + "Value<bool>"
        if t == "array":
            items = sch.get("items")
            if isinstance(items, dict):
                inner = self.type_of(items, name_hint + "Item", path + "[]")
                return f"{NS}List<{self.element(inner)}>"
            return f"{NS}List<{NS}Json>"
        if t == "object":
            if sch.get("properties") and sch.get("format") != "json":
                name = self.struct_for(name_hint, path, sch)
                return f"{NS}Object<{self.ns}::{name}>"
            pattern = sch.get("patternProperties")
            if isinstance(pattern, dict) and len(pattern) == 1:
                inner = self.type_of(next(iter(pattern.values())), name_hint + "Value", path + ".*")
                return f"{NS}Map<{self.element(inner)}>"
            add = sch.get("additionalProperties")
            if isinstance(add, dict) and add:
                inner = self.type_of(add, name_hint + "Value", path + ".*")
                return f"{NS}Map<{self.element(inner)}>"
            return NS + "Json"
        return NS + "Json"

    def element(self, wrapper):
        """List/map elements that are structs are stored as the struct itself."""
        m = re.fullmatch(re.escape(NS) + r"Object<(.+)>", wrapper)
        if m and not wrapper.count("<") > 1:
            return m.group(1)
        if wrapper.startswith(self.ns + "::"):
            return wrapper
        return wrapper

    def struct_for_def_object(self, wrapper):
        return wrapper

    def is_scalar_path(self, attribute):
        """True when the attribute's schema is a string, number or boolean
        (Fn::Sub can only embed those)."""
        sch = {"properties": self.schema.get("properties", {})}
        for part in attribute.split("."):
            sch = self.resolve(sch)
            sch = (sch.get("properties") or {}).get(part)
            if sch is None:
                return False
        sch = self.resolve(sch)
        t = sch.get("type")
        if isinstance(t, list):
            return all(x in ("string", "integer", "number", "boolean") for x in t)
        return t in ("string", "integer", "number", "boolean")

    def resolve(self, sch):
        seen = 0
        while isinstance(sch, dict) and "$ref" in sch and seen < 10:
            m = re.fullmatch(r"#/definitions/(.+)", sch["$ref"])
            sch = self.definitions.get(m.group(1), {}) if m else {}
            seen += 1
        return sch if isinstance(sch, dict) else {}

    # -- emission -------------------------------------------------------
    def members(self, sch, path, skip=()):
        """(member lines, write lines) for an object schema."""
        props = sch.get("properties", {})
        required = set(sch.get("required", []) or [])
        mlines, wlines = [], []
        for pname in sorted(props):
            if pname in skip:
                continue
            psch = props[pname]
            member = ident(pname)
            t = self.type_of(psch, pname, f"{path}.{pname}")
            if t.startswith(self.ns + "::"):  # a struct by value: wrap it
                t = f"{NS}Object<{t}>"
            if pname in required:
                mlines.append(f"  {NS}Required<{t}, {cpp_string(path + '.' + pname)}> {member};")
            else:
                mlines.append(f"  {t} {member}{{}};")
            enum = psch.get("enum") if isinstance(psch, dict) else None
            arg = member
            if enum and t == NS + "Value<std::string>" and all(isinstance(e, str) for e in enum):
                values = ", ".join(cpp_string(e) for e in enum)
                wlines.append(f"  w.Enum({cpp_string(pname)}, {arg}, {{{values}}});")
            else:
                wlines.append(f"  w.Field({cpp_string(pname)}, {arg});")
        return mlines, wlines

    def generate(self):
        read_only = set()
        for p in self.schema.get("readOnlyProperties", []) or []:
            m = re.fullmatch(r"/properties/([^/]+)", p)
            if m:
                read_only.add(m.group(1))
        top_mlines, top_wlines = self.members(self.schema, self.type_name, skip=read_only)
        has_required = any("Required<" in l for l in top_mlines)
        # Emit structs (the list may grow while we emit: nested types).
        bodies = []
        emitted = set()
        i = 0
        while i < len(self.struct_order):
            name = self.struct_order[i]
            i += 1
            if name in emitted:
                continue
            emitted.add(name)
            path, sch = self.structs[name]
            ml, wl = self.members(sch, path)
            bodies.append((name, ml, wl))
        out = []
        out.append(f"// {self.type_name}")
        out.append(f"namespace {self.ns} {{")
        for name, _, _ in bodies:
            out.append(f"struct {name};")
        for name, ml, _ in bodies:
            out.append(f"struct {name} {{")
            out.extend(ml)
            out.append("  template <class Writer> void WriteTo(Writer& w) const;")
            out.append("};")
        out.append("struct Properties {")
        out.extend(top_mlines)
        out.append("  template <class Writer> void WriteTo(Writer& w) const;")
        out.append("};")
        # Attribute accessors.
        accessors = []
        used = set()
        for att in sorted(self.getatts):
            acc = ident(att.replace(".", ""))
            if acc in RESERVED_MEMBERS or acc == self.class_name:
                acc += "Attribute"
            while acc in used:
                acc += "_"
            used.add(acc)
            accessors.append((acc, att))
        out.append("template <class Self>")
        out.append("struct Attributes {")
        for acc, att in accessors:
            out.append(f"  decltype(auto) {acc}() const {{ "
                       f"return static_cast<const Self&>(*this).Attribute({cpp_string(att)}); }}")
        out.append("};")
        for name, _, wl in bodies + [("Properties", None, top_wlines)]:
            out.append(f"template <class Writer> void {name}::WriteTo([[maybe_unused]] Writer& w) const {{")
            out.extend(wl)
            out.append("}")
        out.append(f"}}  // namespace {self.ns}")
        c = self.class_name
        default = "" if has_required else " = {}"
        # Discovery injects the attributes that describe what was created
        # (the schema's read-only properties), not mirrors of inputs.
        discoverable = []
        for _, att in accessors:
            if att.split(".")[0] in read_only and self.is_scalar_path(att):
                cond = CONDITIONAL_ATTRIBUTES.get((self.type_name, att), "")
                discoverable.append("{" + cpp_string(att) + ", " + cpp_string(cond) + "}")
        names = ", ".join(discoverable)
        out.append(f"/// {self.type_name}")
        out.append(f"class {c} : public {NS}TypedResource<{c}>, public {self.ns}::Attributes<{c}> {{")
        out.append(" public:")
        out.append(f"  static constexpr std::string_view kType = {cpp_string(self.type_name)};")
        out.append(f"  using Properties = {self.ns}::Properties;")
        out.append(f"  template <class S> using AttributesOf = {self.ns}::Attributes<S>;")
        out.append(f"  {c}(std::string logical_id, Properties p{default}, "
                   f"{NS}ResourceOptions o = {{}})")
        out.append(f"      : TypedResource(std::move(logical_id), std::move(o)), "
                   f"properties(std::move(p)) {{}}")
        out.append("  Properties properties;")
        out.append(f"  static std::vector<{NS}DiscoverableAttribute> DiscoverableAttributes() "
                   f"{{ return {{{names}}}; }}")
        out.append("};")
        return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "include",
                                                  "sparta", "resources"))
    args = ap.parse_args()
    try:
        import cfnlint
        from cfnlint.schema import PROVIDER_SCHEMA_MANAGER as manager
        from importlib.metadata import version
    except ImportError:
        sys.exit("error: the official cfn-lint (Python package cfnlint) is needed to regenerate")
    cfnlint_version = version("cfn-lint")
    providers = os.path.join(os.path.dirname(cfnlint.__file__), "data", "schemas", "providers",
                             "us_east_1.py")
    names = []
    with open(providers) as f:
        for line in f:
            m = re.match(r'\s*"(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)":', line)
            if m:
                names.append(m.group(1))
    by_service = {}
    for n in sorted(set(names)):
        by_service.setdefault(n.split("::")[1], []).append(n)
    os.makedirs(args.out, exist_ok=True)
    for old in os.listdir(args.out):
        if old.endswith(".hpp"):
            os.remove(os.path.join(args.out, old))
    total = 0
    for service, types in sorted(by_service.items()):
        header = snake_service(service)
        parts = []
        for t in types:
            s = manager.get_resource_schema("us-east-1", t)
            gen = ResourceGen(t, s.schema, list(dict(s.get_atts).keys()))
            parts.append(gen.generate())
            total += 1
        text = "\n".join([
            "#pragma once",
            f"// AWS::{service}::* resource types, generated by scripts/generate_resources.py from",
            f"// the CloudFormation resource provider schemas of cfn-lint {cfnlint_version}.",
            "// Do not edit: regenerate. Property members are in alphabetical order (the",
            "// order designated initializers must follow); see sparta/cfn/property_value.hpp.",
            "",
            "#include <cstdint>",
            "#include <string>",
            "#include <string_view>",
            "#include <utility>",
            "#include <vector>",
            "",
            '#include "sparta/cfn/resource_declaration.hpp"',
            "",
            f"namespace sparta::resources::{header} {{",
            "",
            "\n\n".join(parts),
            "",
            f"}}  // namespace sparta::resources::{header}",
            "",
        ])
        with open(os.path.join(args.out, header + ".hpp"), "w") as f:
            f.write(text)
    with open(os.path.join(args.out, "SOURCE.md"), "w") as f:
        f.write(f"""# Generated resource types

Every `*.hpp` here is generated by `scripts/generate_resources.py` (run it, or
`make resources`, to regenerate) from the AWS CloudFormation resource provider
schemas shipped by the official `cfn-lint` {cfnlint_version} (`cfnlint/data/schemas/resources/`,
type names from `cfnlint/data/schemas/providers/us_east_1.py`; Fn::GetAtt
attributes from cfn-lint's schema manager). {total} resource types in
{len(by_service)} headers, one per AWS service namespace:
`AWS::DynamoDB::Table` is `sparta::resources::dynamodb::Table` in `dynamodb.hpp`.
""")
    print(f"generated {total} resource types in {len(by_service)} headers under {args.out}")


def snake_service(service):
    s = service.lower()
    if s in CPP_KEYWORDS:
        s += "_"
    return s


if __name__ == "__main__":
    main()
