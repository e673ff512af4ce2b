import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates a topic with a number of partitions: java -cp CP bench/CreateTopic.java BOOTSTRAP TOPIC N */
public class CreateTopic {
    public static void main(String[] args) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", args[0]))) {
            admin.createTopics(List.of(new NewTopic(args[1], Integer.parseInt(args[2]), (short) 1)))
                    .all()
                    .get();
        }
    }
}
