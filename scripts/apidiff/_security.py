"""Security requirements: a list of requirement objects is OR, the schemes inside one object are AND.

An alternative is the set of (scheme, scope) credentials a client must hold (a scheme without scopes is
`(scheme, "")`). A client that satisfied an old alternative still gets in when some new alternative asks for
a subset of what it holds; an old alternative with no such new one has lost its clients (breaking). The
reverse, a new alternative that no old one was a subset of, is a new way in (non-breaking). Either way the
rule says why: same schemes with more (fewer) scopes, or a combination of schemes that went (came).
"""

from typing import Any

from ._keywords import place
from ._load import join
from ._match import Operation
from ._model import Document, Finding

Alternative = frozenset[tuple[str, str]]


def _effective_security(doc: dict[str, Any], op: Operation) -> tuple[list[Any], str]:
    """The requirements that apply and where they are written; with none written anywhere, the operation
    itself (a pointer that exists in the document)."""
    if "security" in op.node:
        return op.node["security"] or [], join(op.pointer, "security")
    if "security" in doc:
        return doc["security"] or [], "#/security"
    return [], op.pointer


def _written_at(pointer: str) -> str:
    if pointer == "#/security":
        return "document"
    return "operation" if pointer.endswith("/security") else "nowhere"


def _alternative(requirement: dict[str, Any]) -> Alternative:
    held: set[tuple[str, str]] = set()
    for scheme, scopes in requirement.items():
        held.add((scheme, ""))
        held.update((scheme, scope) for scope in scopes or ())
    return frozenset(held)


def _alternatives(requirements: list[Any]) -> tuple[bool, list[Alternative]]:
    """(anonymous access allowed, the alternatives that need credentials)."""
    anonymous = not requirements
    found: list[Alternative] = []
    for requirement in requirements:
        if not isinstance(requirement, dict) or not requirement:
            anonymous = True
        elif (alternative := _alternative(requirement)) not in found:
            found.append(alternative)
    return anonymous, found


def _schemes(alternative: Alternative) -> frozenset[str]:
    return frozenset(scheme for scheme, _ in alternative)


def describe_alternative(alternative: Alternative) -> str:
    parts = []
    for scheme in sorted(_schemes(alternative)):
        scopes = sorted(scope for name, scope in alternative if name == scheme and scope)
        parts.append(f"{scheme}[{' AND '.join(scopes)}]" if scopes else scheme)
    return " AND ".join(parts)


def _describe_all(anonymous: bool, alternatives: list[Alternative]) -> list[str]:
    return [describe_alternative(a) for a in alternatives] + (["anonymous"] if anonymous else [])


def _scopes(alternative: Alternative) -> set[str]:
    return {f"{scheme}:{scope}" if scope else scheme for scheme, scope in alternative}


def _lost(
    stranded: Alternative, others: list[Alternative], document: Document, pointer: str, *, losing: bool
) -> Finding:
    """One alternative of one side that no alternative of the other side serves."""
    same_schemes = [other for other in others if _schemes(other) == _schemes(stranded)]
    described = describe_alternative(stranded)
    if same_schemes:
        # The closest alternative with the same schemes: what changed is its scopes.
        closest = min(same_schemes, key=lambda other: len(other ^ stranded))
        if losing:
            more = sorted(_scopes(closest - stranded))
            return Finding(
                "api-security-scope-added",
                document,
                pointer,
                described,
                describe_alternative(closest),
                f"'{described}' now needs {', '.join(more)}",
            )
        fewer = sorted(_scopes(closest - stranded))
        return Finding(
            "api-security-scope-removed",
            document,
            pointer,
            describe_alternative(closest),
            described,
            f"'{described}' no longer needs {', '.join(fewer)}",
        )
    if losing:
        return Finding(
            "api-security-removed",
            document,
            pointer,
            described,
            None,
            f"security alternative '{described}' removed",
        )
    return Finding(
        "api-security-added",
        document,
        pointer,
        None,
        described,
        f"security alternative '{described}' added",
    )


def security_findings(
    old_doc: dict[str, Any], new_doc: dict[str, Any], old: Operation, new: Operation
) -> list[Finding]:
    old_reqs, old_ptr = _effective_security(old_doc, old)
    new_reqs, new_ptr = _effective_security(new_doc, new)
    (old_anonymous, old_alts), (new_anonymous, new_alts) = _alternatives(old_reqs), _alternatives(new_reqs)
    document, pointer = place(old_ptr, new_ptr)
    if old_anonymous != new_anonymous:
        # Whoever could call before still can (or nobody could call anonymously before): one finding says it.
        rule = (
            "api-security-anonymous-access-added"
            if new_anonymous
            else "api-security-anonymous-access-removed"
        )
        return [
            Finding(
                rule,
                document,
                pointer,
                _describe_all(old_anonymous, old_alts),
                _describe_all(new_anonymous, new_alts),
                "no authentication required any more" if new_anonymous else "authentication now required",
            )
        ]
    findings = []
    for alternative in old_alts:
        if not any(other <= alternative for other in new_alts):
            findings.append(_lost(alternative, new_alts, document, pointer, losing=True))
    for alternative in new_alts:
        if not any(other <= alternative for other in old_alts):
            findings.append(_lost(alternative, old_alts, document, pointer, losing=False))
    spelled = (old_reqs, _written_at(old_ptr)) != (new_reqs, _written_at(new_ptr))
    if not findings and spelled and set(old_alts) == set(new_alts):
        # OR is commutative and AND is a set: the same alternatives, reordered, repeated or moved.
        findings.append(
            Finding(
                "api-security-spelling-changed",
                document,
                pointer,
                _describe_all(old_anonymous, old_alts),
                _describe_all(new_anonymous, new_alts),
                "same security alternatives, spelled differently",
            )
        )
    return findings
