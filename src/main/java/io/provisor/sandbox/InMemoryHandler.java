package io.provisor.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.constants.enums.SortOrder;
import de.captaingoldfish.scim.sdk.common.exceptions.ConflictException;
import de.captaingoldfish.scim.sdk.common.exceptions.ResourceNotFoundException;
import de.captaingoldfish.scim.sdk.common.resources.ResourceNode;
import de.captaingoldfish.scim.sdk.common.resources.complex.Meta;
import de.captaingoldfish.scim.sdk.common.schemas.SchemaAttribute;
import de.captaingoldfish.scim.sdk.common.utils.JsonHelper;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceHandler;
import de.captaingoldfish.scim.sdk.server.filter.FilterNode;
import de.captaingoldfish.scim.sdk.server.filter.resources.FilterResourceResolver;
import de.captaingoldfish.scim.sdk.server.response.PartialListResponse;
import de.captaingoldfish.scim.sdk.server.sort.ResourceNodeComparator;
import de.captaingoldfish.scim.sdk.server.utils.RequestUtils;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one resource type in memory. The SDK does the protocol (validation, PATCH, attribute selection); this
 * class stores, lists (filter, sort, page), enforces uniqueness of one attribute (409 {@code uniqueness}) and keeps
 * value indexes so that the equality filters of provisioning read a handful of resources instead of all of them.
 *
 * <p>The SDK's auto-filtering is off for both resource types: its filter evaluation compares the raw text between
 * the quotes, so a value with an escaped quote or backslash never matched (see {@link IndexedFilter}).
 *
 * <p>The SDK changes the objects it is handed (it sets {@code meta}, applies PATCH operations in place), so the
 * store hands out copies and keeps its own: a stored resource is never changed, only replaced. Writes take one lock
 * so that the uniqueness check and the indexes move together; reads take none.
 *
 * @param <T> the SDK's resource class; subclasses must name it ({@code extends InMemoryHandler<User>}) because the
 *            SDK reads the type argument by reflection
 */
abstract class InMemoryHandler<T extends ResourceNode> extends ResourceHandler<T> {

    private final ConcurrentHashMap<String, T> resources = new ConcurrentHashMap<>();
    private final String uniqueAttribute;
    private final Map<String, ValueIndex> indexes = new LinkedHashMap<>();
    private final Object writes = new Object();

    /**
     * @param uniqueAttribute the attribute no two resources may share, ignoring case
     * @param indexed         attributes answered from an index, dotted for sub-attributes ({@code emails.value});
     *                        includes the unique attribute, whose index the uniqueness check reads
     */
    InMemoryHandler(String uniqueAttribute, List<String> indexed) {
        if (!indexed.contains(uniqueAttribute)) {
            throw new IllegalArgumentException("the unique attribute " + uniqueAttribute + " must be indexed");
        }
        this.uniqueAttribute = uniqueAttribute;
        indexed.forEach(attribute -> indexes.put(attribute, new ValueIndex()));
    }

    int count() {
        return resources.size();
    }

    void clear() {
        synchronized (writes) {
            resources.clear();
            indexes.values().forEach(ValueIndex::clear);
        }
    }

    @Override
    public T createResource(T resource, Context context) {
        synchronized (writes) {
            checkUnique(resource, null);
            String id = UUID.randomUUID().toString();
            resource.setId(id);
            Instant now = Instant.now();
            Meta meta = meta(resource);
            meta.setCreated(now);
            meta.setLastModified(now);
            meta.setLocation(context.getResourceReferenceUrl(id));
            store(id, null, resource);
            return resource;
        }
    }

    @Override
    public T getResource(String id, List<SchemaAttribute> attributes, List<SchemaAttribute> excludedAttributes,
                         Context context) {
        T resource = resources.get(id);
        return resource == null ? null : copy(resource);
    }

    /**
     * Filters, sorts and pages itself (the resource types run without the SDK's auto-filtering): equality filters
     * over an indexed attribute read only the index's candidates and compare exactly, with the attribute's case
     * rule; any other filter goes to the SDK's filter resolver over every resource.
     */
    @Override
    public PartialListResponse<T> listResources(long startIndex, int count, FilterNode filter, SchemaAttribute sortBy,
                                                SortOrder sortOrder, List<SchemaAttribute> attributes,
                                                List<SchemaAttribute> excludedAttributes, Context context) {
        Optional<IndexedFilter> indexed = IndexedFilter.of(filterText(context), indexes.keySet());
        List<T> found;
        if (indexed.isPresent()) {
            found = candidates(indexed.get());
        } else if (filter == null && sortBy == null) {
            return page(List.copyOf(resources.values()), startIndex, count, true);
        } else {
            found = new ArrayList<>(resources.values().stream().map(this::copy).toList());
            if (filter != null) {
                found = FilterResourceResolver.filterResources(getServiceProvider(), found, filter);
            }
        }
        if (sortBy != null) {
            found = new ArrayList<>(found);
            found.sort(new ResourceNodeComparator(sortBy, sortOrder));
        }
        return page(found, startIndex, count, false);
    }

    private PartialListResponse<T> page(List<T> all, long startIndex, int count, boolean copy) {
        int from = (int) Math.min(startIndex - 1, all.size());
        int to = (int) Math.min(from + (long) count, all.size());
        List<T> page = all.subList(from, to).stream().map(resource -> copy ? copy(resource) : resource).toList();
        return PartialListResponse.<T>builder().resources(new ArrayList<>(page)).totalResults(all.size()).build();
    }

    private static String filterText(Context context) {
        return context.getUriInfos() == null ? null : context.getUriInfos().getQueryParameters().get("filter");
    }

    private List<T> candidates(IndexedFilter filter) {
        boolean caseExact = RequestUtils.getSchemaAttributeByAttributeName(getResourceType(), filter.attribute()).isCaseExact();
        List<T> found = new ArrayList<>();
        for (String id : indexes.get(filter.attribute()).get(filter.value())) {
            T resource = resources.get(id);
            if (resource != null && matches(resource, filter, caseExact)) {
                found.add(copy(resource));
            }
        }
        return found;
    }

    private static boolean matches(JsonNode resource, IndexedFilter filter, boolean caseExact) {
        String[] path = filter.attribute().split("\\.", 2);
        JsonNode node = resource.get(path[0]);
        if (node == null) {
            return false;
        }
        for (JsonNode element : node.isArray() ? node : List.of(node)) {
            JsonNode value = path.length == 1 ? element : element.get(path[1]);
            JsonNode type = element.get("type");
            boolean typeMatches = filter.type() == null || (type != null && type.asText().equalsIgnoreCase(filter.type()));
            boolean valueMatches = value != null && value.isValueNode()
                    && (caseExact ? value.asText().equals(filter.value()) : value.asText().equalsIgnoreCase(filter.value()));
            if (typeMatches && valueMatches) {
                return true;
            }
        }
        return false;
    }

    @Override
    public T updateResource(T resource, Context context) {
        synchronized (writes) {
            String id = resource.getId().orElseThrow();
            T old = resources.get(id);
            if (old == null) {
                throw new ResourceNotFoundException("no resource with id '" + id + "'", null, null);
            }
            checkUnique(resource, id);
            Meta meta = meta(resource);
            old.getMeta().flatMap(Meta::getCreated).ifPresent(meta::setCreated);
            meta.setLastModified(Instant.now());
            meta.setLocation(context.getResourceReferenceUrl(id));
            store(id, old, resource);
            return resource;
        }
    }

    @Override
    public void deleteResource(String id, Context context) {
        synchronized (writes) {
            T old = resources.remove(id);
            if (old == null) {
                throw new ResourceNotFoundException("no resource with id '" + id + "'", null, null);
            }
            unindex(id, old);
        }
    }

    private void store(String id, T old, T resource) {
        T kept = copy(resource);
        if (old != null) {
            unindex(id, old);
        }
        resources.put(id, kept);
        indexes.forEach((attribute, index) -> values(kept, attribute).forEach(value -> index.add(value, id)));
    }

    private void unindex(String id, T old) {
        indexes.forEach((attribute, index) -> values(old, attribute).forEach(value -> index.remove(value, id)));
    }

    private void checkUnique(T resource, String ownId) {
        for (String value : values(resource, uniqueAttribute)) {
            boolean taken = indexes.get(uniqueAttribute).get(value).stream().anyMatch(id -> !id.equals(ownId));
            if (taken) {
                throw new ConflictException(uniqueAttribute + " '" + value + "' is already taken", ScimType.RFC7644.UNIQUENESS);
            }
        }
    }

    private Meta meta(T resource) {
        if (resource.getMeta().isEmpty()) {
            resource.setMeta(Meta.builder().resourceType(getResourceType().getName()).build());
        }
        return resource.getMeta().orElseThrow();
    }

    private T copy(T resource) {
        T copy = JsonHelper.getNewInstance(getType());
        copy.setAll(resource.deepCopy());
        return copy;
    }

    /** The text values at a dotted path; a multi-valued attribute gives one per element. */
    static List<String> values(JsonNode resource, String path) {
        int dot = path.indexOf('.');
        JsonNode node = resource.get(dot < 0 ? path : path.substring(0, dot));
        List<String> values = new ArrayList<>();
        if (node == null) {
            return values;
        }
        for (JsonNode element : node.isArray() ? node : List.of(node)) {
            JsonNode value = dot < 0 ? element : element.get(path.substring(dot + 1));
            if (value != null && value.isValueNode() && !value.isNull()) {
                values.add(value.asText());
            }
        }
        return values;
    }
}
